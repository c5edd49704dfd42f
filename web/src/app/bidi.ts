/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, from Unicode's bidirectional algorithm (UAX #9). */
const FSI = '\u2068'
const PDI = '\u2069'

/**
 * Wraps user text that is put into a sentence, such as a deal title in a status message, in a
 * directional isolate. A right-to-left override inside the text then ends at the text's end
 * instead of reordering the rest of the sentence.
 */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`
}
