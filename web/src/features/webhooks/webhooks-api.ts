import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, patch, post, seg } from '../../api/client.js'
import type { Timestamp } from '../../api/types.js'
import { workspaceKey } from '../../api/workspaces.js'

export interface WebhookEndpoint {
  id: string
  url: string
  description: string | null
  events: string[]
  enabled: boolean
  disabled_reason: string | null
  failing_since: Timestamp | null
  created_at: Timestamp
}

export interface WebhookAttempt {
  attempt: number
  status_code: number | null
  response_excerpt: string | null
  error: string | null
  duration_ms: number
  created_at: Timestamp
}

export interface WebhookDelivery {
  id: string
  event_type: string
  payload: unknown
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: Timestamp | null
  last_status_code: number | null
  last_error: string | null
  created_at: Timestamp
  attempt_log: WebhookAttempt[]
}

const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`
export const webhooksKey = (workspaceId: string) =>
  [...workspaceKey(workspaceId), 'webhooks'] as const

export function useWebhookEvents(workspaceId: string) {
  return useQuery({
    queryKey: [...webhooksKey(workspaceId), 'events'],
    queryFn: () =>
      get<{ data: Array<{ type: string; description: string }> }>(
        `${base(workspaceId)}/webhook-events`,
      ),
  })
}

export function useWebhookEndpoints(workspaceId: string) {
  return useQuery({
    queryKey: [...webhooksKey(workspaceId), 'endpoints'],
    queryFn: () => get<{ data: WebhookEndpoint[] }>(`${base(workspaceId)}/webhooks`),
  })
}

export function useWebhookDeliveries(workspaceId: string, endpointId: string) {
  return useQuery({
    queryKey: [...webhooksKey(workspaceId), 'deliveries', endpointId],
    queryFn: () =>
      get<{ data: WebhookDelivery[] }>(
        `${base(workspaceId)}/webhooks/${seg(endpointId)}/deliveries`,
      ),
    refetchInterval: 10_000,
  })
}

function useWebhookMutation<I, O>(workspaceId: string, run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey(workspaceId) }),
  })
}

export const useCreateEndpoint = (workspaceId: string) =>
  useWebhookMutation(
    workspaceId,
    (input: { url: string; events: string[]; description: string | null }) =>
      post<WebhookEndpoint & { secret: string }>(`${base(workspaceId)}/webhooks`, input),
  )

export const useUpdateEndpoint = (workspaceId: string) =>
  useWebhookMutation(workspaceId, (input: { id: string; enabled: boolean }) =>
    patch<WebhookEndpoint>(`${base(workspaceId)}/webhooks/${seg(input.id)}`, {
      enabled: input.enabled,
    }),
  )

export const useDeleteEndpoint = (workspaceId: string) =>
  useWebhookMutation(workspaceId, (id: string) => del(`${base(workspaceId)}/webhooks/${seg(id)}`))

export const useSendTest = (workspaceId: string) =>
  useWebhookMutation(workspaceId, (id: string) =>
    post(`${base(workspaceId)}/webhooks/${seg(id)}/test`),
  )

export const useResend = (workspaceId: string) =>
  useWebhookMutation(workspaceId, (input: { endpointId: string; deliveryId: string }) =>
    post(
      `${base(workspaceId)}/webhooks/${seg(input.endpointId)}/deliveries/${seg(input.deliveryId)}/resend`,
    ),
  )
