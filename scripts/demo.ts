/**
 * `npm run demo [-- --instance small]`: the whole story (src/demo), also `zkmargin demo`.
 */
import { main } from "../src/cli";

void main([process.argv[0], "zkmargin", "demo", ...process.argv.slice(2)]);
