// How people word WebShop requests (human_goals.json): openers and ways to name an option, with counts.
// Written by `derive-vocabulary.ts` from the real WebShop data (statistics and word lists only).

import type { Weighted } from "../categories.js";

/** The words a request starts with. */
export const HUMAN_OPENERS: Weighted<string> = [["i am looking for",1617],["i am looking for a",1605],["i would like a",1083],["i need a",989],["im looking for a",964],["im looking for",867],["i want",805],["i need",679],["i want a",677],["i want to find a",237],["i need some",184],["i would like some",126],["i want to buy a",92],["i am interested in a",90],["find me a",77],["i would like to buy a",63],["get me a",48],["id like to find a",30],["can you find me a",24],["buy me a",22],["get me some",22],["im interested in a",22],["i am searching for a",14]];

/** Ways to name an option value: {name} is the option name (size, color), {value} its value. */
export const HUMAN_OPTION_PHRASES: Weighted<string> = [["{name} {value}",2552],["in {name} {value}",348],["in the {name} {value}",110],["in {value}",199]];
