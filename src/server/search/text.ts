// Index shaping for Chinese search. Meilisearch segments Chinese with jieba and matches by prefix only, so a query
// for a word inside a longer word (特旗 in 达拉特旗) or a 文号 fragment misses unless the index carries extra forms.

const CJK = /[\u3400-\u9fff]/;

/** Overlapping two-character grams of every CJK run: 达拉特旗 → 达拉 拉特 特旗. */
export function cjkBigrams(...texts: (string | null | undefined)[]): string {
  const grams = new Set<string>();
  for (const text of texts) {
    for (const run of (text ?? "").match(/[\u3400-\u9fff]+/g) ?? []) {
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams].join(" ");
}

/**
 * The ways people type a 文号's year and number: 内爱卫会发〔2026〕2号 → 〔2026〕2号, [2026]2号, (2026)2号, 2026年2号,
 * 2026年第2号 and 2026-2, each as one space-free token so that "2号" does not also match "12号".
 */
export function docNumberKeys(docNumber: string | null | undefined): string {
  const m = /[〔［\[（(【](\d{4})[〕］\]）)】]\s*第?(\d+)\s*号/.exec(docNumber ?? "");
  if (!m) return "";
  const [, y, n] = m;
  return [`〔${y}〕${n}号`, `[${y}]${n}号`, `(${y})${n}号`, `${y}年${n}号`, `${y}年第${n}号`, `${y}-${n}`, `wh${y}n${n}`].join(" ");
}

/** The same key form for a query, when the query is a 文号 fragment; otherwise null. */
export function docNumberQuery(q: string): string | null {
  const m = /^\s*(?:[^\d〔［\[（(【]*)[〔［\[（(【]?\s*(\d{4})\s*[〕］\]）)】年-]?\s*第?\s*(\d{1,4})\s*号?\s*$/.exec(q);
  return m ? `wh${m[1]}n${m[2]}` : null;
}

export function hasCjk(s: string): boolean {
  return CJK.test(s);
}

/** Abbreviations and short names people use, expanded both ways (also used by the database fallback). */
export const SYNONYMS: Record<string, string[]> = {
  卫生城市: ["卫生城"],
  卫生城: ["卫生城市"],
  健康县: ["全国健康县"],
  全国健康县: ["健康县"],
  健康城市: ["全国健康城市"],
  健康乡镇: ["全国健康乡镇"],
  卫生县城: ["国家卫生县", "卫生县"],
  卫生县: ["国家卫生县", "卫生县城"],
  卫生乡镇: ["国家卫生乡镇"],
  爱卫办: ["爱国卫生运动委员会办公室"],
  爱卫会: ["爱国卫生运动委员会"],
  卫健委: ["卫生健康委员会", "卫生健康委"],
  市场监管局: ["市场监督管理局"],
  创卫: ["创建国家卫生城市", "国家卫生城市"],
  复审: ["复查", "重新评审"],
};

/** HTML-escape, then turn Meilisearch's highlight markers into <mark>: document text never becomes markup. */
export const MARK_OPEN = "\u0001";
export const MARK_CLOSE = "\u0002";
export function highlightHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  return escaped.replaceAll(MARK_OPEN, "<mark>").replaceAll(MARK_CLOSE, "</mark>").replace(/[\u0001\u0002]/g, "");
}
