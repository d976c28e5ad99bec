#!/usr/bin/env bash
# Check examples/spark_suggest.py against the single-process filter: the same
# corpus, as one JSONL file through `marginalia suggest --jsonl` and as 4 shards
# (2 plain, 2 gzipped) through Spark in local mode, must give the same lines.
#
#   bash examples/spark_check.sh        # from the repo root; needs Java 17+
#
# Uses an importable pyspark ($PYTHON or python3), else makes a venv in
# target/spark-venv with the pinned one below (~500 MB, once). Work files go
# to target/spark-check/ (recreated each run).
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=4.0.5   # Spark 4.0 runs on Java 17 and 21
BIN=target/release/marginalia
CORPUS=../shared/corpus/polnear-dev/text
VENV=$PWD/target/spark-venv
WORK=$PWD/target/spark-check

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

if [[ ! -x $BIN ]]; then
    echo "spark_check: $BIN is missing: running cargo build --release"
    cargo build --release
fi
command -v java >/dev/null || { echo "spark_check: FAIL: no java on PATH (Spark needs Java 17+)"; exit 1; }

PY=${PYTHON:-python3}
if ! "$PY" -c 'import pyspark' 2>/dev/null; then
    PY=$VENV/bin/python
    if ! "$PY" -c 'import pyspark' 2>/dev/null; then
        echo "spark_check: creating $VENV with pyspark==$PYSPARK_VERSION"
        t=$(now)
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q --no-cache-dir "pyspark==$PYSPARK_VERSION"
        echo "spark_check: venv ready in $(since "$t")"
    fi
fi
echo "spark_check: pyspark $("$PY" -c 'import pyspark; print(pyspark.__version__)') ($PY)," \
    "$(java -version 2>&1 | head -1)"

# Quiet Spark: errors only, no progress bar, no web UI; workers use this Python.
rm -rf "$WORK"
mkdir -p "$WORK/conf" "$WORK/shards"
cat >"$WORK/conf/log4j2.properties" <<'EOF'
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.pyspark.name = org.apache.spark.api.python.PythonGatewayServer
logger.pyspark.level = error
EOF
printf 'spark.ui.showConsoleProgress false\nspark.ui.enabled false\n' >"$WORK/conf/spark-defaults.conf"
export SPARK_CONF_DIR=$WORK/conf SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$PY

# {"id", "text"} lines, in file order: all.jsonl, and the same cut into 4
# contiguous shards. newline="" keeps CRLF as it is in the text.
"$PY" - "$CORPUS" "$WORK" <<'EOF'
import glob, gzip, json, math, os, sys
corpus, work = sys.argv[1:]
files = sorted(glob.glob(os.path.join(corpus, "*.txt")))
if not files:
    sys.exit(f"spark_check: no .txt files in {corpus}")
lines = []
for f in files:
    with open(f, encoding="utf-8", newline="") as h:
        lines.append(json.dumps({"id": os.path.basename(f), "text": h.read()}, ensure_ascii=False) + "\n")
with open(os.path.join(work, "all.jsonl"), "w", encoding="utf-8", newline="") as h:
    h.writelines(lines)
k = math.ceil(len(lines) / 4)
for i in range(4):
    name = os.path.join(work, "shards", f"shard-{i}.jsonl")
    opener = gzip.open if i >= 2 else open
    with opener(name + (".gz" if i >= 2 else ""), "wt", encoding="utf-8", newline="") as h:
        h.writelines(lines[i * k:(i + 1) * k])
EOF

t=$(now)
"$BIN" suggest --jsonl <"$WORK/all.jsonl" >"$WORK/single.jsonl"
single_time=$(since "$t")

t=$(now)
rc=0
{ "$PY" examples/spark_suggest.py "$WORK/shards/shard-*" "$WORK/spark-out" "$BIN" 2>&1 >&3 3>&- |
    { grep -v '^WARNING: Using incubator modules' || true; } >&2; } 3>&1 || rc=$?  # a JVM notice
spark_time=$(since "$t")
if ((rc != 0)); then
    echo "spark_check: FAIL: spark_suggest.py exited with status $rc"
    exit 1
fi

LC_ALL=C sort "$WORK/single.jsonl" >"$WORK/single.sorted"
cat "$WORK"/spark-out/part-* | LC_ALL=C sort >"$WORK/spark.sorted"
n_in=$(wc -l <"$WORK/all.jsonl")
n_single=$(wc -l <"$WORK/single.sorted")
n_spark=$(wc -l <"$WORK/spark.sorted")
parts=$(ls "$WORK"/spark-out/part-* | wc -l)
echo "spark_check: $n_in input lines; single process: $n_single lines in $single_time;" \
    "spark: $n_spark lines in $parts part files in $spark_time (JVM start included)"
if [[ $n_in -eq $n_single ]] && cmp -s "$WORK/single.sorted" "$WORK/spark.sorted"; then
    echo "spark_check: PASS: the outputs are the same set of lines"
else
    echo "spark_check: FAIL: the outputs differ (diff of sorted lines, first 20):"
    diff "$WORK/single.sorted" "$WORK/spark.sorted" | cut -c1-200 | head -20 || true
    exit 1
fi
