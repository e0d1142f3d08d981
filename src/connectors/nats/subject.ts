/**
 * NATS subjects are `.`-separated tokens; `*` and `>` are wildcards and whitespace ends a
 * subject. A value placed in a subject (a device id, a card number) must be one token whatever
 * it holds, so `subjectToken` percent-encodes `.`, `*`, `>`, `%`, whitespace and control
 * characters as UTF-8 bytes (`%2E` for `.`), a lone surrogate as its WTF-8 bytes (so the
 * subject is well-formed UTF-8 and distinct keys stay distinct), and the empty string as a lone `%`.
 * `parseSubjectToken` undoes it.
 *
 * @example
 * ```ts
 * import { parseSubjectToken, subjectToken } from "streamine";
 * expect(`predictions.${subjectToken("sensor.7 > north")}`).toBe("predictions.sensor%2E7%20%3E%20north");
 * expect(parseSubjectToken("sensor%2E7%20%3E%20north")).toBe("sensor.7 > north");
 * ```
 * @public
 */
export function subjectToken(value: string | number): string {
  const s = String(value);
  if (s.length === 0) return "%";
  return s.replace(/[.*>%\s\p{Cc}\p{Cs}]/gu, (c) => {
    let out = "";
    for (const byte of utf8Bytes(c)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    return out;
  });
}

/**
 * The UTF-8 bytes of one character; a lone surrogate (which UTF-8 cannot hold, and which
 * TextEncoder would turn into U+FFFD, making two keys one subject) gets the 3 bytes of its code
 * unit as WTF-8 writes them (ED A0–BF xx).
 */
function utf8Bytes(c: string): Uint8Array {
  const unit = c.charCodeAt(0);
  if (c.length === 1 && unit >= 0xd800 && unit <= 0xdfff) return Uint8Array.of(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  return new TextEncoder().encode(c);
}

/** WTF-8 escapes of lone surrogates; never produced for text (UTF-8 has no ED A0–ED BF). */
const LONE_SURROGATE = /%ED%([AB][0-9A-F])%([89AB][0-9A-F])/g;

/** The value {@link subjectToken} encoded into `token`. @public */
export function parseSubjectToken(token: string): string {
  if (token === "%") return "";
  const withSurrogates = token.replace(LONE_SURROGATE, (_, b2: string, b3: string) => String.fromCharCode(0xd000 | ((parseInt(b2, 16) & 0x3f) << 6) | (parseInt(b3, 16) & 0x3f)));
  return decodeURIComponent(withSurrogates);
}

/**
 * Why `subject` cannot be published to (empty, an empty token, whitespace or a wildcard), or
 * null when it can.
 * @internal
 */
export function publishSubjectProblem(subject: unknown): string | null {
  if (typeof subject !== "string") return `the subject must be a string, got ${typeof subject}`;
  if (subject.length === 0) return "the subject is empty";
  if (/\s/.test(subject)) return `subject ${JSON.stringify(subject)} holds whitespace (put values in it with subjectToken())`;
  for (const token of subject.split(".")) {
    if (token.length === 0) return `subject ${JSON.stringify(subject)} has an empty token (put values in it with subjectToken())`;
    if (token.includes("*") || token.includes(">")) return `subject ${JSON.stringify(subject)} holds a wildcard (* or >) and cannot be published to (put values in it with subjectToken())`;
  }
  return null;
}

/** Empty, starting or ending with `.`, an empty token, whitespace or a wildcard character. */
const UNPUBLISHABLE = /^$|^\.|\.$|\.\.|[\s*>]/;

/**
 * Whether `subject` can be published to: exactly when {@link publishSubjectProblem} finds no
 * problem, without building a message (one regular-expression test per publish).
 * @internal
 */
export function isPublishableSubject(subject: unknown): subject is string {
  return typeof subject === "string" && !UNPUBLISHABLE.test(subject);
}

/**
 * Why `subject` cannot be subscribed to (empty, an empty token, whitespace, a wildcard inside a
 * token or `>` before the last token), or null when it can.
 * @internal
 */
export function subscribeSubjectProblem(subject: unknown): string | null {
  if (typeof subject !== "string" || subject.length === 0) return "must be a non-empty subject such as \"iot.readings.>\"";
  if (/\s/.test(subject)) return `${JSON.stringify(subject)} holds whitespace`;
  const tokens = subject.split(".");
  for (const [i, token] of tokens.entries()) {
    if (token.length === 0) return `${JSON.stringify(subject)} has an empty token`;
    if ((token.includes("*") || token.includes(">")) && token !== "*" && token !== ">") {
      return `${JSON.stringify(subject)}: a wildcard must be a whole token ("a.*.c", "a.>")`;
    }
    if (token === ">" && i !== tokens.length - 1) return `${JSON.stringify(subject)}: ">" must be the last token`;
  }
  return null;
}
