/** Line formatting and backpressure helpers shared by the text sinks. */

/** `JSON.stringify`, with values it cannot encode (undefined, functions) printed by `String`. @internal */
export function defaultFormat(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** One line per value, each ending in `\n`. @internal */
export function formatLines<T>(values: readonly T[], format: (value: T) => string): string {
  let text = "";
  for (let i = 0; i < values.length; i++) text += `${format(values[i] as T)}\n`;
  return text;
}

/** Resolves on the stream's next `'drain'`, rejects if it fails first. @internal */
export function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (error: unknown): void => {
      stream.off("drain", onDrain);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}
