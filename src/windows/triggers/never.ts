import type { Trigger, TriggerResult } from "./trigger.js";

/** Never fires: the default of {@link globalWindow}, which needs a trigger of its own. @public */
export class NeverTrigger implements Trigger {
  readonly description = "never()";
  onElement(): TriggerResult {
    return "CONTINUE";
  }
  onEventTime(): TriggerResult {
    return "CONTINUE";
  }
  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }
  canMerge(): boolean {
    return true;
  }
  onMerge(): void {}
  clear(): void {}
}
