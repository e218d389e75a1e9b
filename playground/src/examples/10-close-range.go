package main

import "fmt"

func produce(jobs chan<- int) {
	for j := 1; j <= 3; j++ {
		jobs <- j
	}
	close(jobs) // no more values: ends the receiver's range
}

func main() {
	jobs := make(chan int)
	go produce(jobs)
	for j := range jobs {
		fmt.Println("received job", j)
	}
	fmt.Println("received all jobs")
	v, ok := <-jobs // a closed, empty channel gives the zero value and false
	fmt.Println(v, ok)
}
