package milvusjobs

// UseBlockingReads makes the progress reads of c blocking native calls, as
// before mj_async (call it before the first read): the reference the tests
// compare the non-blocking path with.
func UseBlockingReads(c *Client) {
	c.async.mu.Lock()
	c.async.disabled = true
	c.async.mu.Unlock()
}

// UseNonBlockingReadsAlways makes every progress read of c go through
// mj_async, also one with no other in flight (call it before the first
// read).
func UseNonBlockingReadsAlways(c *Client) { c.async.soloBlocking = false }

// AsyncPollerRunning says whether c's poller goroutine has been started and
// has not returned yet.
func AsyncPollerRunning(c *Client) bool {
	c.async.mu.Lock()
	done := c.async.done
	c.async.mu.Unlock()
	if done == nil {
		return false
	}
	select {
	case <-done:
		return false
	default:
		return true
	}
}
