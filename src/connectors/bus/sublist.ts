/** One level of the tree: the subscriptions whose subject ends here, and the next tokens. */
class Level<S> {
  /** Children by literal token. */
  literal: Map<string, Level<S>> | null = null;
  /** The child for a `*` token. */
  star: Level<S> | null = null;
  /** Subscriptions whose subject ends at this level. */
  readonly here: S[] = [];
  /** Subscriptions whose subject ends with `>` after this level: they match one or more further tokens. */
  readonly rest: S[] = [];

  isEmpty(): boolean {
    return this.here.length === 0 && this.rest.length === 0 && this.star === null && (this.literal === null || this.literal.size === 0);
  }
}

/**
 * Subscriptions indexed by subject, as nats-server's sublist: a tree with one level per token,
 * where `*` is a child of its own and `>` a list at the level it ends. Matching a subject walks
 * its tokens once, following at each level the literal child and the `*` child, and collects
 * the `>` lists on the way. Subjects must be valid (checked by the caller).
 * @internal
 */
export class Sublist<S> {
  private readonly root = new Level<S>();

  /** Adds `sub` under the subscription subject `pattern`. */
  add(pattern: string, sub: S): void {
    const tokens = pattern.split(".");
    let level = this.root;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      if (token === ">") {
        level.rest.push(sub);
        return;
      }
      if (token === "*") {
        level = level.star ??= new Level<S>();
        continue;
      }
      level.literal ??= new Map();
      let next = level.literal.get(token);
      if (next === undefined) level.literal.set(token, (next = new Level<S>()));
      level = next;
    }
    level.here.push(sub);
  }

  /** Removes `sub` from under `pattern`, and the levels left empty; false when it was not there. */
  remove(pattern: string, sub: S): boolean {
    const tokens = pattern.split(".");
    const path: Level<S>[] = [];
    let level: Level<S> | null = this.root;
    let list: S[] | null = null;
    for (let i = 0; i < tokens.length && level !== null; i++) {
      const token = tokens[i] as string;
      path.push(level);
      if (token === ">") {
        list = level.rest;
        break;
      }
      level = token === "*" ? level.star : (level.literal?.get(token) ?? null);
    }
    if (list === null && level !== null && tokens[tokens.length - 1] !== ">") {
      list = level.here;
      path.push(level);
    }
    const at = list === null ? -1 : list.indexOf(sub);
    if (list === null || at < 0) return false;
    list.splice(at, 1);
    this.prune(path, tokens);
    return true;
  }

  /** The subscriptions whose subject matches the (literal) subject `subject`. */
  match(subject: string): S[] {
    const out: S[] = [];
    collect(this.root, subject.split("."), 0, out);
    return out;
  }

  /** Drops the empty levels at the end of `path` (the levels `tokens` went through). */
  private prune(path: Level<S>[], tokens: readonly string[]): void {
    for (let i = path.length - 1; i > 0; i--) {
      const child = path[i] as Level<S>;
      if (!child.isEmpty()) return;
      const parent = path[i - 1] as Level<S>;
      const token = tokens[i - 1] as string;
      if (token === "*") parent.star = null;
      else parent.literal?.delete(token);
    }
  }
}

function collect<S>(level: Level<S>, tokens: readonly string[], i: number, out: S[]): void {
  if (i === tokens.length) {
    for (const s of level.here) out.push(s);
    return;
  }
  for (const s of level.rest) out.push(s);
  const literal = level.literal?.get(tokens[i] as string);
  if (literal !== undefined) collect(literal, tokens, i + 1, out);
  if (level.star !== null) collect(level.star, tokens, i + 1, out);
}
