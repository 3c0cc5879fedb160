import { TimelineView } from '../../ui/timeline/RecordTimeline';
import { useAssetFieldLabel } from './assetFieldLabel';
import { useTimeline } from './assetsApi';

/** The asset's history, newest first: creation, changes with their diff, custody moves, archive and restore. */
export function AssetTimeline({ assetId }: { assetId: string }) {
  return <TimelineView query={useTimeline(assetId)} fieldLabel={useAssetFieldLabel()} />;
}
