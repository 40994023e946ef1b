/** The default repair policy: the component that has waited longest is repaired first. */
import { Ring, type CrewQueue } from './CrewQueue.js';

export class FirstComeFirstServed extends Ring implements CrewQueue {}
