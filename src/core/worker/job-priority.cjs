// Lowers the calling thread's priority for a long job (a backup, a restore test, a health check),
// so the server's thread goes first on a busy machine. Linux gives every thread its own nice value
// and its own I/O priority: nice 10 for the CPU, and the idle I/O class, so that the job's disk
// writes queue behind the server's (its commits and checkpoints wait on the disk otherwise).
// CommonJS, so both the job workers' evaluated code and the ES module entry can load it.
'use strict';
const { execFileSync } = require('node:child_process');
const { readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');

function lowerThisThread() {
  let thread;
  try {
    thread = readlinkSync('/proc/thread-self').split('/').pop();
    setPriority(Number(thread), 10);
  } catch {
    return; // not Linux: the same priority as the server
  }
  try {
    // util-linux's ionice, for the thread alone (ioprio_set with the thread's id); without it, the disk's default order
    execFileSync('ionice', ['-c', '3', '-p', thread], { stdio: 'ignore', timeout: 2000 });
  } catch {
    // no ionice, or not allowed: the job's writes keep the default priority
  }
}

module.exports = { lowerThisThread };
