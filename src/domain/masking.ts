// Masking 身份信息脱敏: what unit handlers see of a submitter (DESIGN.md §4, whistle-blower protection).

// Two-character surnames: masking only the first character would print half of such a surname as the "surname"
// and leave the given name's length readable in the stars.
// prettier-ignore
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
  "令狐", "端木", "独孤", "南宫", "西门", "呼延", "赫连", "澹台", "公冶", "宗政", "濮阳", "太史", "申屠", "钟离",
  "闻人", "万俟", "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
  "宰父", "谷梁", "拓跋", "夹谷", "百里", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "东门", "第五", "公羊",
  "鲜于", "单于", "段干", "完颜", "爱新觉罗",
]);

// Transliterated Mongolian and other names separate their parts with a middle dot (巴特尔·那顺); half-width and
// full-width variants all occur in form input.
const NAME_SEPARATOR = /[·•・‧･.．ㆍ]/;

/**
 * 张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧阳**, 欧阳 (a two-character name) → 欧*.
 * Names with a middle dot or in Latin letters keep only their first character plus a fixed '***', because the
 * lengths of the parts would narrow down who wrote in.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  const first = chars[0];
  if (first === undefined) return "";
  const joined = chars.join("");
  if (NAME_SEPARATOR.test(joined) || /[A-Za-z]/.test(joined)) return `${first}***`;
  if (chars.length === 1) return "*";
  for (const surname of COMPOUND_SURNAMES) {
    const len = Array.from(surname).length;
    if (chars.length > len && joined.startsWith(surname)) return surname + "*".repeat(chars.length - len);
  }
  return first + "*".repeat(chars.length - 1);
}

const MOBILE = /^1[3-9]\d{9}$/;

function maskUnknown(value: string): string {
  const compact = value.replace(/\s+/g, "");
  if (compact.length <= 2) return "*".repeat(compact.length);
  return "*".repeat(compact.length - 2) + compact.slice(-2);
}

/**
 * Mobile numbers keep the first 3 and last 4 digits (13812341234 → 138****1234, also from +86/0086/86 and spaced
 * input). Landlines keep the area code and the last 3 digits (0471-6941234 → 0471-****234). Anything else keeps
 * its last 2 characters.
 */
export function maskPhone(phone: string): string {
  const trimmed = phone.trim();
  if (trimmed === "") return "";
  const compact = trimmed.replace(/[\s\-()（）]/g, "");
  const national = compact.replace(/^(\+86|0086)/, "");
  const mobile = MOBILE.test(national) ? national : /^86(1[3-9]\d{9})$/.exec(compact)?.[1];
  if (mobile) return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

  // From abroad the trunk 0 is dropped: +86 471 6941234.
  const landline = national !== compact && /^[2-9]\d{8,10}$/.test(national) ? `0${national}` : national;
  if (/^0\d{9,11}$/.test(landline)) {
    const explicit = /^\(?(0\d{2,3})[)）\s-]/.exec(trimmed)?.[1];
    // Without a separator: 010 and 02x are three-digit area codes, all others have four digits.
    const areaLength = explicit ? explicit.length : /^0[12]/.test(landline) ? 3 : 4;
    const area = landline.slice(0, areaLength);
    const local = landline.slice(areaLength);
    if (local.length >= 7 && local.length <= 8) return `${area}-${"*".repeat(local.length - 3)}${local.slice(-3)}`;
  }
  return maskUnknown(trimmed);
}

/** zhang@qq.com → z***@qq.com; the provider is kept because handlers may need to know a reply can arrive. */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  const first = Array.from(trimmed.slice(0, Math.max(at, 0)))[0];
  if (at <= 0 || at === trimmed.length - 1 || first === undefined) return trimmed === "" ? "" : "***";
  return `${first}***@${trimmed.slice(at + 1)}`;
}

export interface Identity {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** The submitter as a unit handler sees them; absent fields stay absent. */
export function maskIdentity(who: Identity): { name: string | null; phone: string | null; email: string | null } {
  return {
    name: who.name ? maskName(who.name) : null,
    phone: who.phone ? maskPhone(who.phone) : null,
    email: who.email ? maskEmail(who.email) : null,
  };
}
