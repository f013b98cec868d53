#!/bin/sh
# `npm test`: the type-check runs beside the tests rather than before them. tsc is
# single-threaded and takes half a minute; the suite leaves a core idle at times.
# With no arguments the suite runs from the JavaScript mirror of scripts/build-tests.mjs;
# with arguments (`npm test -- test/x.test.ts`) tap runs those files through test/loader.
# The mirror runs without source maps (stack traces name its .js files);
# TAIZHANG_TEST_SOURCE_MAPS=on npm test maps them to the .ts lines.
npx tsc --noEmit -p tsconfig.json &
typecheck=$!
# After an install tap's Test class is built with its default plugins. The first run rebuilds
# it from .taprc's list but still starts that run's test processes with the defaults' loaders
# (typescript, mock: a hook thread every import goes through). So build before running.
if grep -q '@tapjs/mock' node_modules/@tapjs/test/test-built/dist/esm/index.js 2>/dev/null; then
  npx tap build >/dev/null || exit 1
fi
# tap's runner, with its execPath pointed at test/loader/node.sh: the test processes start
# without tap's @tapjs/processinfo module hooks (coverage is off; they cost 0.7-2.7 CPU-s a file).
tap() { node --import=./test/loader/tap-runner.mjs node_modules/tap/dist/esm/run.mjs "$@"; }
if [ "$#" -eq 0 ]; then
  if node scripts/build-tests.mjs; then
    # shellcheck disable=SC2046 # one argument per test file; paths have no spaces
    tap $(find test-build/test -name '*.test.js' | LC_ALL=C sort)
    tests=$?
  else
    tests=1
  fi
else
  tap "$@"
  tests=$?
fi
wait "$typecheck"
types=$?
[ "$types" -eq 0 ] || echo "npm test: the type-check failed (see tsc's output above)" >&2
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ]
