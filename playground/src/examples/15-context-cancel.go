package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 1*time.Second)
	defer cancel()

	results := make(chan int)
	go func() {
		defer close(results)
		for i := 1; ; i++ {
			select {
			case <-ctx.Done(): // cancelled: stop working
				return
			case <-time.After(300 * time.Millisecond): // one unit of work
			}
			select {
			case results <- i:
			case <-ctx.Done():
				return
			}
		}
	}()

	for r := range results {
		fmt.Println("got", r)
	}
	fmt.Println("stopped:", ctx.Err())
}
