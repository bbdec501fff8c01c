# Sourced by the scripts that start desktop sessions for tests and benchmarks (Xvfb, a private
# D-Bus, gnome-keyring): ends whatever such a run started and left running. A session bus
# starts services of its own (desktop portals, the accessibility bus, the keyring), and a GTK
# program without a bus launches one bound to its display; none of them dies with the command
# that caused it. Left alone they pile up run after run, each holding an inotify instance, until
# the user's 128 are gone and the next build fails with "Too many open files".
#
# Everything the run starts inherits STABLETILL_TEST_RUN from it, which is how it is found.

# Gives this run its mark; call before starting anything.
mark_test_run() {
  STABLETILL_TEST_RUN=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  export STABLETILL_TEST_RUN
}

# Ends every process carrying this run's mark, except this shell.
end_test_run_leftovers() {
  [ -n "${STABLETILL_TEST_RUN:-}" ] || return 0
  local entry="STABLETILL_TEST_RUN=$STABLETILL_TEST_RUN" environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if grep -qzxF -- "$entry" "$environ" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}
