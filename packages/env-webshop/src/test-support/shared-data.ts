import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Tests only: where the shared WebShop data lives (`../shared/data/webshop` beside the project
 * root, or `$HIPER_SHARED_DATA/webshop`). Tests that need it skip when it is absent; the package
 * itself never needs it.
 */
const projectRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const sharedWebshopDir = join(process.env.HIPER_SHARED_DATA ?? resolve(projectRoot, "../shared/data"), "webshop");
export const sharedWebshopFile = (name: string) => join(sharedWebshopDir, name);
export const hasSharedWebshop = existsSync(sharedWebshopFile("mocks/mock_parse_item_page_ws.html"));
