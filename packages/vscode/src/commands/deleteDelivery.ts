// "Linktrace: Delete Test Delivery": from the Links view's test email node (that delivery) or the
// command palette (a pick of the daemon's deliveries, newest first). Always asks first: the
// delivery's stored template, links and tracking logs go with it, on the daemon
// (DELETE /api/deliveries/:id through the daemon package's API client).
import * as vscode from 'vscode';
import type { DaemonService } from '../daemon/service';
import type { TestEmailNode } from '../linksView';

export const DELETE_DELIVERY = 'Delete';

/** The delivery a command argument names: a Links view test email node, an id, or `{ deliveryId }`. */
function deliveryIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string' && argument !== '') return argument;
  if (typeof argument === 'object' && argument !== null) {
    const node = argument as Partial<TestEmailNode>;
    if (typeof node.deliveryId === 'string') return node.deliveryId;
  }
  return undefined;
}

async function pickDelivery(service: DaemonService): Promise<string | undefined> {
  await service.start();
  const deliveries = service.deliveries;
  if (deliveries.length === 0) {
    void vscode.window.showInformationMessage('Linktrace: the daemon keeps no test delivery.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    deliveries.map((delivery) => ({ label: delivery.name, description: new Date(delivery.createdAt).toLocaleString(), detail: delivery.id, id: delivery.id })),
    { title: 'Delete a test delivery', placeHolder: 'Which delivery (with its tracking logs)' },
  );
  return picked?.id;
}

/** true when the delivery was deleted; false when cancelled or it failed (said to the user). */
export async function deleteDelivery(service: DaemonService, argument: unknown): Promise<boolean> {
  try {
    const deliveryId = deliveryIdOf(argument) ?? (await pickDelivery(service));
    if (!deliveryId) return false;
    const name = service.deliverySummary(deliveryId)?.name ?? deliveryId;
    const answer = await vscode.window.showWarningMessage(
      `Delete the test delivery ${name} from the daemon?`,
      { modal: true, detail: 'Its stored template, links and every tracking log of it are deleted; test emails of it stop working.' },
      DELETE_DELIVERY,
    );
    if (answer !== DELETE_DELIVERY) return false;
    await service.deleteDelivery(deliveryId);
    void vscode.window.setStatusBarMessage(`Linktrace: deleted the test delivery ${name}`, 4000);
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Linktrace: deleting the test delivery failed: ${(error as Error).message}`);
    return false;
  }
}
