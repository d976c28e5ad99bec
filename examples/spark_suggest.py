"""Run `marginalia suggest --jsonl` over sharded JSONL with Spark's RDD.pipe.

Each input partition (one per .gz file; plain files may be split) is streamed
through its own `marginalia suggest --jsonl` process; the output part files
keep the partition order, and lines keep their order within each partition.

Input: a file, a directory, a glob or a comma-separated list of them, of
{"id", "text", ...} lines, plain or .gz. Output: a new directory (it must not
exist yet) of part-NNNNN text files, one output line per input line.

Locally (pip install pyspark; needs Java 17+ for pyspark 4.x):

    python examples/spark_suggest.py 'shards/*.jsonl.gz' out/ target/release/marginalia

On a cluster, with a Linux build of marginalia for the executors' OS and arch
(a static musl build, `--target x86_64-unknown-linux-musl`, runs on any image):

    spark-submit --master yarn --deploy-mode client examples/spark_suggest.py \\
        'hdfs:///corpus/*.jsonl.gz' hdfs:///out/suggest ./marginalia

- YARN: client mode as above. In cluster mode pass the binary as a URI
  (hdfs:///bin/marginalia), or add `--files ./marginalia` and pass `marginalia`.
- Kubernetes: pass the binary as a URI the driver can read (s3a://, https://),
  or bake it into the image and pass that path (file:///opt/marginalia).
- Standalone (--master spark://host:7077): as for YARN client mode (Spark runs
  Python apps on standalone in client mode only).

The binary is shipped with SparkContext.addFile, so executors need nothing
installed but Spark's Python. The run fails if a marginalia process exits
non-zero (checkCode=True) or if the output has fewer or more lines than the
input. Input lines marginalia cannot read become {"line", "error"} output lines
(same as the single-process filter; "line" counts within the partition, and
part-NNNNN is partition NNNNN): the job writes them, reports how many, and
exits with status 2.
"""

import argparse
import os
import sys
from urllib.parse import urlparse

from pyspark import SparkConf, SparkContext, SparkFiles


def counting(acc):
    """Pass a partition through unchanged, adding its size to `acc`."""

    def run(lines):
        n = 0
        for line in lines:
            n += 1
            yield line
        acc.add(n)

    return run


def counting_errors(acc):
    """Pass marginalia's output through, counting its {"error", ...} lines
    (it writes keys sorted, and passes no "error" field through from input)."""

    def run(lines):
        n = 0
        for line in lines:
            n += line.startswith('{"error":')
            yield line
        acc.add(n)

    return run


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="JSONL file, directory, glob or comma list (.gz ok)")
    p.add_argument("output", help="output directory (must not exist)")
    p.add_argument("binary", help="marginalia binary: local path or URI (hdfs://, s3a://, https://)")
    p.add_argument("master", nargs="?", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--threads", type=int, default=1,
                   help="marginalia threads per task (set spark.task.cpus to match)")
    p.add_argument("--gzip", action="store_true", help="gzip the output part files")
    args = p.parse_args()

    conf = SparkConf().setAppName("marginalia-suggest")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    sc = SparkContext(conf=conf)

    sc.addFile(args.binary)
    name = os.path.basename(urlparse(args.binary).path)
    # Executors fetch added files into their working directory; in local mode
    # the driver is the executor and keeps them under SparkFiles' root.
    local = sc.master == "local" or sc.master.startswith("local[")
    exe = SparkFiles.get(name) if local else "./" + name
    command = f"{exe} suggest --jsonl --threads {args.threads}"

    lines_in, lines_out, errors = sc.accumulator(0), sc.accumulator(0), sc.accumulator(0)
    (
        sc.textFile(args.input)
        .mapPartitions(counting(lines_in))
        .pipe(command, checkCode=True)  # a non-zero exit fails the task, then the job
        .mapPartitions(counting_errors(errors))
        .mapPartitions(counting(lines_out))
        .saveAsTextFile(
            args.output,
            "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None,
        )
    )
    sc.stop()

    print(f"spark_suggest: {lines_in.value} lines in, {lines_out.value} out, "
          f"{errors.value} error lines -> {args.output}", file=sys.stderr)
    if lines_in.value != lines_out.value:
        sys.exit("spark_suggest: line counts differ: marginalia lost or added lines")
    if errors.value:
        print('spark_suggest: some input lines could not be read; find them with '
              "grep '^{\"error\"' in the output (and marginalia's stderr in the executor logs)",
              file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
