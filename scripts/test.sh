#!/bin/sh
# `npm test`: the type-check runs beside the tests rather than before them. tsc is
# single-threaded and takes half a minute; the suite leaves a core idle at times.
npx tsc --noEmit -p tsconfig.json &
typecheck=$!
npx tap "$@"
tests=$?
wait "$typecheck"
types=$?
[ "$types" -eq 0 ] || echo "npm test: the type-check failed (see tsc's output above)" >&2
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ]
