package main

import "fmt"

func main() {
	ping := make(chan string) // unbuffered: a send waits for a receiver
	pong := make(chan string)

	go func() {
		for msg := range ping {
			pong <- msg + " pong"
		}
		close(pong)
	}()

	for i := 1; i <= 3; i++ {
		ping <- fmt.Sprint("ping ", i)
		fmt.Println(<-pong)
	}
	close(ping)
}
