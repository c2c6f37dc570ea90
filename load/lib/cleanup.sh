# Sourced by the load/lib helpers: one EXIT trap that runs every registered stop, newest first,
# so helpers that each start a server can be combined in one script.
#
#   on_exit FUNCTION    runs FUNCTION when the script exits (or is interrupted)

on_exit() {
  cleanup_steps=("$1" "${cleanup_steps[@]}")
  trap run_cleanup_steps EXIT
  trap 'exit 130' INT TERM
}

run_cleanup_steps() {
  local step
  for step in "${cleanup_steps[@]}"; do "$step"; done
  cleanup_steps=()
}

cleanup_steps=()
