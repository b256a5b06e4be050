// The running stream watches (Watch Stream), one per table node id, and their output channels. Channels outlive
// their watch so the output stays readable; a new watch of the same table reuses its channel. Owned by the
// Studio: disposing it stops every watch and closes the channels.
import * as vscode from 'vscode';

export interface StreamWatch {
  label: string;
  channel: vscode.OutputChannel;
  controller: AbortController;
  paused: boolean;
  records: number;
}

export class StreamWatches implements vscode.Disposable {
  private readonly watches = new Map<string, StreamWatch>();
  private readonly channels = new Map<string, vscode.OutputChannel>();

  /** The running watch of a table node, if any. */
  get(id: string): StreamWatch | undefined {
    return this.watches.get(id);
  }

  /** Starts tracking a watch; its channel is the table's existing one or a new one named `channelName`. */
  start(id: string, label: string, channelName: string): StreamWatch {
    let channel = this.channels.get(id);
    if (!channel) {
      channel = vscode.window.createOutputChannel(channelName);
      this.channels.set(id, channel);
    }
    const watch: StreamWatch = { label, channel, controller: new AbortController(), paused: false, records: 0 };
    this.watches.set(id, watch);
    return watch;
  }

  /** The watch ended (stopped, failed or its stream was turned off). */
  end(id: string, watch: StreamWatch): void {
    if (this.watches.get(id) === watch) this.watches.delete(id);
  }

  /** How many watches run now. */
  get running(): number {
    return this.watches.size;
  }

  dispose(): void {
    for (const watch of this.watches.values()) watch.controller.abort();
    this.watches.clear();
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}
