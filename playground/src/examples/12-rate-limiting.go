package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)

	limiter := time.NewTicker(200 * time.Millisecond) // one request per tick
	defer limiter.Stop()
	var prev time.Time
	for req := range requests {
		t := <-limiter.C
		if prev.IsZero() {
			fmt.Println("request", req)
		} else {
			fmt.Println("request", req, "after", t.Sub(prev).Milliseconds(), "ms")
		}
		prev = t
	}
}
