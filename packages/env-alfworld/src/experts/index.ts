export * from "./alfworld-policies.js";
export * from "./annotate-walkthrough.js";
export * from "./expert-policy.js";
export * from "./explorer-policy.js";
export * from "./parse-task.js";
export { readFeedback, readIntroReceptacles, readList, readReceptacleView, type Feedback, type ReceptacleView } from "./read-observation.js";
export { RoomMemory, type ReceptacleMemory } from "./room-memory.js";
export { guessRoomKind, searchWeight } from "./search-prior.js";
export { classOf, planExecuteText, Subgoals, withArticle } from "./turn-text.js";
