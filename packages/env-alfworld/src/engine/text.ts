/** Text primitives of the ALFWorld grammar (spec alfworld.md §5). */

/** `[]` → `nothing`; `[x]` → `x`; otherwise `x1, x2, …, and xn` (`, and ` even for two items). */
export function formatList(items: readonly string[]): string {
  const count = items.length;
  if (count === 0) return "nothing";
  if (count === 1) return items[0] as string;
  let text = items[0] as string;
  for (let i = 1; i < count - 1; i += 1) text += `, ${items[i] as string}`;
  return `${text}, and ${items[count - 1] as string}`;
}

export const INTRO_BANNER = "-= Welcome to TextWorld, ALFRED! =-";

export const NOTHING_HAPPENS = "Nothing happens.";

/** What `help` prints: the grammar's feedback verbatim, starting and ending with a newline (§5.8). */
export const HELP_TEXT =
  "\nAvailable commands:\n" +
  "  look:                             look around your current location\n" +
  "  inventory:                        check your current inventory\n" +
  "  go to (receptacle):               move to a receptacle\n" +
  "  open (receptacle):                open a receptacle\n" +
  "  close (receptacle):               close a receptacle\n" +
  "  take (object) from (receptacle):  take an object from a receptacle\n" +
  "  move (object) to (receptacle):  place an object in or on a receptacle\n" +
  "  examine (something):              examine a receptacle or an object\n" +
  "  use (object):                     use an object\n" +
  "  heat (object) with (receptacle):  heat an object using a receptacle\n" +
  "  clean (object) with (receptacle): clean an object using a receptacle\n" +
  "  cool (object) with (receptacle):  cool an object using a receptacle\n" +
  "  slice (object) with (object):     slice an object using a sharp object\n";

