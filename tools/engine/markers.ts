// Generated sections of a text file (the README) live between two marker comments.

/** `text` with everything between `start` and `end` replaced by `body` (the markers stay). */
export function replaceBetweenMarkers(text: string, start: string, end: string, body: string): string {
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    return `${text.slice(0, from + start.length)}${body}${text.slice(to)}`;
}
