import { afterAll } from 'vitest';
import { takeBrowserLane } from './lane.ts';

// Each browser journey waits here for the lane before its hooks start (a wait is no hang: no hook timeout runs yet).
const leaveLane = await takeBrowserLane();
afterAll(leaveLane);
