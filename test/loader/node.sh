#!/bin/sh
# The node tap starts each test file with (see test/loader/tap-runner.mjs): the same
# command without tap's @tapjs/processinfo import, which on Node 20 registers module hooks
# on a thread of their own (every import of the process, of its workers and of the node
# processes it spawns round-trips to it, and each module is read again and posted back for
# coverage line counts): 0.7-2.7 CPU-s per test process, for coverage the suite turns off.
first=1
for arg do
  if [ "$first" = 1 ]; then set --; first=0; fi
  case $arg in
    --import=*@tapjs/processinfo*|--loader=*@tapjs/processinfo*) ;;
    # test/loader/register.mjs turns source maps on where they are wanted.
    --enable-source-maps) ;;
    *) set -- "$@" "$arg" ;;
  esac
done
# tap's spawn also puts the import in NODE_OPTIONS, which every node process reads.
set -f
options=
for option in ${NODE_OPTIONS-}; do
  case $option in
    *@tapjs/processinfo*) ;;
    *) options="$options $option" ;;
  esac
done
if [ -n "$options" ]; then export NODE_OPTIONS="${options# }"; else unset NODE_OPTIONS; fi
exec "${TAIZHANG_TEST_NODE:?set by test/loader/tap-runner.mjs}" "$@"
