package main

import "fmt"

func main() {
	queue := make(chan int, 3) // room for 3 values: sends do not wait until it is full
	for i := 1; i <= 3; i++ {
		queue <- i
		fmt.Println("sent", i, "len", len(queue), "cap", cap(queue))
	}
	close(queue)
	for v := range queue { // a closed channel still gives what it holds
		fmt.Println("received", v)
	}
}
