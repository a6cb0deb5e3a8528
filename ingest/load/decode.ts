import { rejectFile } from "./errors.js";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/*
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F, which is where £-adjacent punctuation lives
 * (smart quotes, en dash, €). Node 20's TextDecoder("windows-1252") decodes these as C1 controls,
 * so the table is ours. Unassigned bytes map to their C1 code point, as the WHATWG decoder does.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

/** Code point of one Windows-1252 byte. HTML also uses this for numeric references &#128;-&#159;. */
export function windows1252CodePoint(byte: number): number {
  return byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] ?? byte) : byte;
}

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = Array.from(bytes.subarray(i, i + CHUNK), windows1252CodePoint);
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

/**
 * Text that is not UTF-8 but mostly ASCII is almost always a Windows "ANSI" export (£ as 0xA3,
 * smart quotes as 0x91-0x94). Past this share of high bytes it is more likely not text at all.
 */
const MAX_HIGH_BYTE_SHARE_FOR_1252 = 0.3;
/** Word exports carry the odd stray control character; binary data carries them everywhere. */
const MAX_CONTROL_SHARE = 0.01;
const MIN_CONTROL_COUNT = 3;

function countControls(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, LF, FF (page break in text exports) and CR are text; other C0, DEL and C1 are not.
    const isText = c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
    if (!isText && (c < 0x20 || (c >= 0x7f && c <= 0x9f))) n++;
  }
  return n;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function decodeStrict(bytes: Uint8Array, encoding: "utf-8" | "utf-16le" | "utf-16be"): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Bytes of a .txt/.md/.html file to a string with "\n" line ends. UTF-8 (with or without BOM) and
 * UTF-16 with a BOM are decoded as such; other non-UTF-8 text is read as Windows-1252 rather than
 * rejected, because that is what older council systems export. Binary data is rejected.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const binary = (detail: string) => rejectFile(file, "binary", `binary content, not text (${detail})`);

  let decoded: DecodedText | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = decodeStrict(bytes, "utf-16le");
    if (text === undefined) throw binary("UTF-16 byte-order mark but invalid UTF-16 after it");
    decoded = { text, encoding: "utf-16le" };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = decodeStrict(bytes, "utf-16be");
    if (text === undefined) throw binary("UTF-16 byte-order mark but invalid UTF-16 after it");
    decoded = { text, encoding: "utf-16be" };
  } else {
    if (bytes.includes(0)) throw binary("contains NUL bytes");
    const utf8 = decodeStrict(bytes, "utf-8");
    if (utf8 !== undefined) {
      decoded = { text: utf8, encoding: "utf-8" };
    } else {
      let high = 0;
      for (const b of bytes) if (b >= 0x80) high++;
      const share = high / bytes.length;
      if (share > MAX_HIGH_BYTE_SHARE_FOR_1252) {
        throw binary(`not UTF-8, and ${percent(share)} of bytes are outside ASCII`);
      }
      decoded = { text: decodeWindows1252(bytes), encoding: "windows-1252" };
    }
  }

  const controls = countControls(decoded.text);
  if (controls >= MIN_CONTROL_COUNT && controls / decoded.text.length > MAX_CONTROL_SHARE) {
    throw binary(`${percent(controls / decoded.text.length)} control characters`);
  }
  return { text: decoded.text.replace(/\r\n?/g, "\n"), encoding: decoded.encoding };
}
