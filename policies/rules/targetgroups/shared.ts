// Rules about target groups (aws.lb.TargetGroup / aws.alb.TargetGroup).
import { asRecord, elements, Maybe, tryRead, UNRESOLVED } from "../util";

/** Target group ARNs an action list names: `targetGroupArn` and `forward.targetGroups[].arn`. */
export function actionTargetArns(actions: Maybe<unknown>): Maybe<unknown>[] {
    if (actions === UNRESOLVED) {
        return [UNRESOLVED];
    }
    return elements(actions).flatMap(action => {
        if (action === UNRESOLVED) {
            return [UNRESOLVED];
        }
        const record = asRecord(action);
        if (record === undefined) {
            return [];
        }
        const forward = tryRead(() => record.forward);
        const list = forward === UNRESOLVED ? UNRESOLVED : tryRead(() => asRecord(forward)?.targetGroups);
        const groups = list === UNRESOLVED ? [UNRESOLVED] : elements(list);
        return [
            tryRead(() => record.targetGroupArn),
            ...groups.map(g => (g === UNRESOLVED ? g : tryRead(() => asRecord(g)?.arn))),
        ].filter(v => v !== undefined);
    });
}
