package milvusjobs_test

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes a dev server end with the test process, even when that
// crashes before its cleanup runs.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
