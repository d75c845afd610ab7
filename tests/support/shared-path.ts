export { sharedPath } from "../../scripts/shared-path.js";
