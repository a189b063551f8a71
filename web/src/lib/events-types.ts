/** One workspace event as the server streams it (src/realtime/schema.ts realtimeEventSchema). */
export interface LiveEvent {
  id: number;
  type: string;
  workspaceId: string;
  resource: { kind: string; id: string };
  data: Record<string, unknown>;
  at: string;
}
