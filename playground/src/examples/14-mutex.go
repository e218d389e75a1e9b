package main

import (
	"fmt"
	"sync"
	"time"
)

type Counters struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counters) inc(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.n[name]
	time.Sleep(10 * time.Millisecond) // slow work while holding the lock
	c.n[name] = v + 1
}

func main() {
	c := Counters{n: map[string]int{"a": 0, "b": 0}}
	var wg sync.WaitGroup
	count := func(name string, times int) {
		defer wg.Done()
		for i := 0; i < times; i++ {
			c.inc(name)
		}
	}
	wg.Add(3)
	go count("a", 3)
	go count("a", 3)
	go count("b", 3)
	wg.Wait()
	fmt.Println(c.n)
}
