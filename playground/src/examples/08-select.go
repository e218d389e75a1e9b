package main

import (
	"fmt"
	"time"
)

func main() {
	fast := make(chan string)
	slow := make(chan string)
	go func() {
		time.Sleep(1 * time.Second)
		fast <- "one"
	}()
	go func() {
		time.Sleep(2 * time.Second)
		slow <- "two"
	}()

	for i := 0; i < 2; i++ {
		select { // waits on both; takes whichever is ready first
		case m := <-fast:
			fmt.Println("received", m, "from fast")
		case m := <-slow:
			fmt.Println("received", m, "from slow")
		}
	}
}
