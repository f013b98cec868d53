/** The id in a stream name `{category}-{id}`; an event on another category is a programming error. */
export function idOfStream(category: string, stream: string): string {
  const prefix = `${category}-`;
  if (!stream.startsWith(prefix)) throw new Error(`expected a ${category} stream, got ${stream}`);
  return stream.slice(prefix.length);
}
