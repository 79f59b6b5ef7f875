#!/usr/bin/env bash
# Makes the pictures of README's `tot graph` section from a real run: a small C project (two
# sources, a header, a generated version header, a link) built by `make -j2` under `tot log`, drawn
# by `tot graph` as DOT (rendered by Graphviz: docs/graph-dot.png) and as the HTML page (rendered by
# headless Chromium with the linked program selected: docs/graph-html.png). Needs graphviz and
# chromium (.ci/run installs both). Run from anywhere: bash docs/make-pictures.sh
set -euo pipefail

repo=$(readlink -f -- "$(dirname -- "${BASH_SOURCE[0]}")/..")
work=$(mktemp -d /tmp/tot-pictures.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
project=$work/hello
mkdir -p "$project/src"
cd -- "$project"

cat > src/main.c <<'C'
#include <stdio.h>
#include "greet.h"
#include "version.h"
int main(void) { greet("world"); printf("version %s\n", VERSION); return 0; }
C
cat > src/greet.c <<'C'
#include <stdio.h>
#include "greet.h"
void greet(const char *who) { printf("hello, %s\n", who); }
C
echo 'void greet(const char *who);' > src/greet.h
echo '1.0' > VERSION
cat > Makefile <<'MAKE'
hello: main.o greet.o
	cc -o $@ main.o greet.o
main.o: src/main.c src/greet.h version.h
	cc -c -o $@ src/main.c -I. -Isrc
greet.o: src/greet.c src/greet.h
	cc -c -o $@ src/greet.c -Isrc
version.h: VERSION
	sed 's/.*/#define VERSION "&"/' VERSION > $@
MAKE

tot=$repo/tot
"$tot" log --db "$work/tot.db" -- make -j2 >/dev/null
system=(--exclude '/usr/**' --exclude '/lib/**' --exclude '/etc/**')

"$tot" graph --db "$work/tot.db" "${system[@]}" --format dot -o "$work/make.dot"
dot -Tpng -Gdpi=72 -o "$repo/docs/graph-dot.png" "$work/make.dot"

"$tot" graph --db "$work/tot.db" "${system[@]}" --format html -o "$work/make.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,760 \
  --virtual-time-budget=10000 --screenshot="$repo/docs/graph-html.png" \
  "file://$work/make.html#file=$(printf %s "$project/hello" | sed 's|/|%2F|g')" 2>/dev/null
echo "docs/graph-dot.png and docs/graph-html.png made from $(cd "$repo" && git rev-parse --short HEAD)"
