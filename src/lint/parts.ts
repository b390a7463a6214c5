// Names the parts of a rendered post for rules that check each part (main text, thread replies).

/** The field to point at and the words for a message, for part `index` (0 = the main text). */
export function partLocation(index: number): { field: string; where: string } {
  return index === 0
    ? { field: 'text', where: 'The text' }
    : { field: `thread.${index - 1}`, where: `Thread part ${index}` };
}
