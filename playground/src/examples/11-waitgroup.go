package main

import (
	"fmt"
	"sync"
	"time"
)

func worker(id int) {
	time.Sleep(time.Duration(id) * 100 * time.Millisecond)
	fmt.Printf("Worker %d done\n", id)
}

func main() {
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(i)
		}()
	}
	fmt.Println("started 3 workers")
	wg.Wait() // until every Done
	fmt.Println("all done")
}
