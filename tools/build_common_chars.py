"""Build src/policydoc/data/common_chars.txt: the 4,500 most frequent Han characters.

Frequencies are summed over the words of jieba's bundled dictionary (dict.txt), so the
list is reproducible from an installed jieba with no download. The mojibake detector
treats runs of characters outside this list as suspect ("焙邶埥偣" from GBK damage).

Usage: python tools/build_common_chars.py [OUT]
"""
import collections
import os
import sys

import jieba

N = 4500


def main(out: str) -> None:
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq: collections.Counter = collections.Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, count, *_ = line.split(" ")
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    freq[ch] += int(count)
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:N]
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# The 4,500 most frequent Han characters, by summed word frequency in jieba's dict.txt.\n")
        fh.write("# Built by tools/build_common_chars.py; one line of characters per 100.\n")
        chars = [ch for ch, _ in ranked]
        for i in range(0, len(chars), 100):
            fh.write("".join(chars[i:i + 100]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/policydoc/data/common_chars.txt")
