package main

import (
	"fmt"
	"time"
)

func say(who string, every time.Duration) {
	for i := 1; i <= 3; i++ {
		time.Sleep(every)
		fmt.Println(who, i)
	}
}

func main() {
	go say("world", 100*time.Millisecond) // runs beside main
	say("hello", 130*time.Millisecond)
	fmt.Println("main returns")
}
