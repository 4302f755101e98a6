/** Placeholder: filled by issue 17's work on this part of the page. */
import type { AppConfig } from "../config";

export function initBook(_cfg: AppConfig): void {}
