package main
import (
"fmt"
"sync"
"time"
)
// 'worker' is our goroutine.
// It will receive jobs from the jobs channel and send
// a "done" signal to the wg when it's finished.
func worker(id int, wg *sync.WaitGroup, jobs <-chan int) {
// When the worker exits, it tells the WaitGroup it's done.
defer wg.Done()
// The worker waits for jobs to come in over the jobs channel.
// As soon as the channel is closed and empty, this loop will terminate.
for job := range jobs {
fmt.Printf("Worker %d started job %d\n", id, job)
// Simulate a heavy task
time.Sleep(100 * time.Millisecond)
fmt.Printf("— Worker %d finished job %d\n", id, job)
}
}
func main() {
const numJobs = 1000
const numWorkers = 5
// Create the jobs channel.
jobs := make(chan int, numJobs)

// Create the WaitGroup.
var wg sync.WaitGroup
fmt.Printf("Hiring %d workers...\n", numWorkers)

// 1. HIRE THE WORKERS
// Add a counter to the WaitGroup for each worker.
wg.Add(numWorkers)

for w := 1; w <= numWorkers; w++ {
    // Spin up the workers. They will immediately block,
    // waiting for the `jobs` channel to have something.
    go worker(w, &wg, jobs)
}
fmt.Printf("Sending %d jobs to the assembly line...\n", numJobs)
// 2. SEND THE JOBS
// Load all 1,000 jobs into the channel.
for j := 1; j <= numJobs; j++ {
    jobs <- j
}

// 3. CLOSE THE CHANNEL
// This is the critical step! We tell the workers: "No more jobs are coming."
// Without this, the workers would wait forever (`for range jobs`)
// and the program would deadlock.
close(jobs)
fmt.Println("All jobs sent. Waiting for workers to finish...")
// 4. WAIT FOR COMPLETION
// `wg.Wait()` blocks the main thread until the WaitGroup counter
// (which is decremented by `wg.Done()`) hits 0.
wg.Wait()

fmt.Println("All workers finished. Factory is closed.")

}

