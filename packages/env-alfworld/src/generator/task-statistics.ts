import type { TaskTypeName } from "../model/task-type.js";
import type { RoomKind, Weighted } from "./room-statistics.js";

// Task statistics of ALFWorld's train split (MIT data), written by `derive-statistics.ts`: how
// often each task type occurs in each room kind, and which target object and receptacle classes
// it uses there (spec §2, §15.4, §15.5).

export interface TaskTargets {
  /** Games of this task type in this room kind. */
  games: number;
  /** Target object classes (lower case) with their game counts. */
  objects: Weighted<string>;
  /** Target receptacle classes (lower case; `desklamp` for the look task) with their game counts. */
  receptacles: Weighted<string>;
}

export const TASK_TARGETS: Readonly<Record<TaskTypeName, Partial<Record<RoomKind, TaskTargets>>>> = {
  pick_and_place_simple: {
    kitchen: {
      games: 79,
      objects: [["peppershaker",12],["glassbottle",9],["kettle",9],["tomato",8],["butterknife",6],["pan",5],["winebottle",5],["egg",4],["bowl",3],["bread",3],["dishsponge",3],["potato",3],["saltshaker",3],["fork",2],["lettuce",2],["knife",1],["soapbottle",1]],
      receptacles: [["microwave",15],["diningtable",12],["drawer",10],["countertop",9],["cabinet",8],["shelf",8],["fridge",7],["sidetable",6],["stoveburner",3],["garbagecan",1]],
    },
    bathroom: {
      games: 264,
      objects: [["toiletpaper",57],["soapbottle",50],["spraybottle",50],["candle",49],["handtowel",29],["cloth",10],["tissuebox",7],["dishsponge",6],["soapbar",6]],
      receptacles: [["toilet",89],["garbagecan",47],["toiletpaperhanger",42],["countertop",26],["cabinet",22],["drawer",16],["cart",12],["sidetable",6],["dresser",2],["shelf",2]],
    },
    bedroom: {
      games: 237,
      objects: [["cellphone",51],["cd",30],["book",28],["keychain",26],["pencil",24],["alarmclock",22],["pen",20],["creditcard",14],["laptop",6],["mug",3],["remotecontrol",3],["statue",3],["tissuebox",3],["pillow",2],["watch",2]],
      receptacles: [["desk",57],["shelf",40],["sidetable",33],["dresser",32],["bed",19],["armchair",15],["safe",15],["diningtable",13],["drawer",8],["cabinet",3],["garbagecan",2]],
    },
    livingroom: {
      games: 210,
      objects: [["remotecontrol",30],["keychain",26],["book",19],["box",19],["creditcard",19],["statue",19],["newspaper",17],["laptop",15],["pillow",15],["vase",10],["watch",10],["tissuebox",6],["plate",3],["bowl",2]],
      receptacles: [["armchair",56],["sofa",53],["coffeetable",43],["ottoman",20],["sidetable",12],["dresser",11],["drawer",5],["garbagecan",3],["safe",3],["diningtable",2],["shelf",2]],
    },
  },
  look_at_obj_in_light: {
    bedroom: {
      games: 257,
      objects: [["alarmclock",41],["pillow",39],["cd",33],["book",30],["pencil",23],["pen",18],["bowl",17],["laptop",17],["cellphone",9],["statue",6],["tissuebox",6],["creditcard",5],["keychain",4],["mug",4],["watch",3],["vase",2]],
      receptacles: [["desklamp",257]],
    },
    livingroom: {
      games: 51,
      objects: [["newspaper",14],["box",9],["pillow",8],["statue",5],["tissuebox",4],["laptop",3],["plate",3],["watch",3],["vase",2]],
      receptacles: [["desklamp",51]],
    },
  },
  pick_clean_then_place_in_recep: {
    kitchen: {
      games: 501,
      objects: [["kettle",47],["ladle",38],["knife",33],["mug",32],["lettuce",31],["spatula",29],["pan",28],["bowl",26],["butterknife",26],["spoon",26],["tomato",26],["apple",25],["potato",25],["egg",23],["fork",23],["plate",22],["cup",20],["pot",16],["dishsponge",5]],
      receptacles: [["diningtable",99],["countertop",68],["drawer",55],["microwave",50],["fridge",40],["sidetable",40],["cabinet",37],["stoveburner",37],["coffeemachine",32],["shelf",31],["garbagecan",12]],
    },
    bathroom: {
      games: 149,
      objects: [["soapbar",84],["cloth",47],["dishsponge",18]],
      receptacles: [["toilet",32],["countertop",28],["drawer",27],["cabinet",21],["garbagecan",19],["cart",11],["shelf",9],["dresser",2]],
    },
  },
  pick_heat_then_place_in_recep: {
    kitchen: {
      games: 459,
      objects: [["mug",102],["cup",71],["egg",70],["potato",60],["tomato",53],["apple",52],["plate",39],["bread",12]],
      receptacles: [["fridge",105],["cabinet",71],["countertop",66],["coffeemachine",55],["garbagecan",55],["sidetable",44],["diningtable",43],["shelf",20]],
    },
  },
  pick_cool_then_place_in_recep: {
    kitchen: {
      games: 533,
      objects: [["mug",74],["pot",57],["bowl",49],["pan",46],["apple",44],["potato",44],["bread",40],["cup",40],["lettuce",37],["tomato",34],["egg",25],["plate",25],["winebottle",18]],
      receptacles: [["microwave",97],["diningtable",93],["countertop",89],["cabinet",64],["coffeemachine",47],["garbagecan",46],["shelf",45],["stoveburner",39],["sidetable",13]],
    },
  },
  pick_two_obj_and_place: {
    kitchen: {
      games: 124,
      objects: [["saltshaker",25],["peppershaker",22],["cup",14],["lettuce",11],["kettle",6],["spatula",6],["winebottle",6],["spoon",5],["egg",4],["ladle",4],["potato",4],["bread",3],["glassbottle",3],["pot",3],["tomato",3],["knife",2],["pan",2],["apple",1]],
      receptacles: [["drawer",26],["cabinet",24],["fridge",19],["shelf",12],["countertop",11],["diningtable",11],["microwave",11],["sidetable",7],["garbagecan",3]],
    },
    bathroom: {
      games: 233,
      objects: [["spraybottle",58],["soapbottle",44],["toiletpaper",43],["candle",35],["handtowel",16],["soapbar",16],["tissuebox",8],["dishsponge",7],["cloth",6]],
      receptacles: [["toilet",59],["cabinet",41],["drawer",40],["garbagecan",35],["countertop",26],["cart",16],["shelf",11],["dresser",3],["sidetable",2]],
    },
    bedroom: {
      games: 240,
      objects: [["cellphone",42],["book",34],["cd",26],["pen",25],["pencil",25],["alarmclock",21],["keychain",18],["creditcard",16],["laptop",8],["bowl",6],["tissuebox",6],["mug",5],["watch",5],["pillow",2],["vase",1]],
      receptacles: [["desk",53],["drawer",39],["dresser",34],["bed",31],["sidetable",27],["shelf",24],["diningtable",11],["garbagecan",8],["safe",6],["armchair",5],["cabinet",2]],
    },
    livingroom: {
      games: 216,
      objects: [["remotecontrol",43],["creditcard",36],["newspaper",36],["keychain",16],["vase",13],["tissuebox",12],["cellphone",11],["statue",10],["watch",8],["pillow",5],["plate",5],["book",3],["bowl",3],["box",3],["laptop",3],["pen",3],["pencil",3],["wateringcan",3]],
      receptacles: [["armchair",63],["coffeetable",50],["sofa",47],["dresser",11],["ottoman",11],["diningtable",7],["drawer",7],["garbagecan",6],["sidetable",6],["shelf",5],["desk",2],["safe",1]],
    },
  },
};
