<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>Service</name>
    <message>
        <source>Latents to ablate</source>
        <translation>Abzuschaltende Latents</translation>
    </message>
    <message>
        <source>Input positions to drop</source>
        <translation>Zu verwerfende Eingabepositionen</translation>
    </message>
    <message>
        <source>Audio samples to drop</source>
        <translation>Zu verwerfende Audio-Samples</translation>
    </message>
    <message>
        <source>the input's layout</source>
        <translation>der Aufbau der Eingabe</translation>
    </message>
    <message>
        <source>nothing to change: give heads to mask, latents to ablate or inputs to drop</source>
        <translation>nichts zu ändern: Köpfe zum Maskieren, Latents zum Abschalten oder Eingaben zum Verwerfen angeben</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Explore Perceiver and Perceiver IO models.</source>
        <translation>Perceiver- und Perceiver-IO-Modelle erkunden.</translation>
    </message>
    <message>
        <source>LibTorch threads (default: all cores).</source>
        <translation>LibTorch-Threads (Standard: alle Kerne).</translation>
    </message>
    <message>
        <source>Images, videos, .flo files or model folders to open.</source>
        <translation>Zu öffnende Bilder, Videos, .flo-Dateien oder Modellordner.</translation>
    </message>
    <message>
        <source>Run each page's job on a full-size model with random weights, measure the longest stall of the window and the time a Cancel takes, print them and quit.</source>
        <translation>Den Auftrag jeder Seite mit einem Modell in voller Größe und Zufallsgewichten ausführen, die längste Blockade des Fensters und die Dauer eines Abbruchs messen, ausgeben und beenden.</translation>
    </message>
    <message>
        <source>With --bench-responsiveness: only these pages (%1).</source>
        <translation>Mit --bench-responsiveness: nur diese Seiten (%1).</translation>
    </message>
    <message>
        <source>With --bench-responsiveness: print JSON.</source>
        <translation>Mit --bench-responsiveness: JSON ausgeben.</translation>
    </message>
</context>
<context>
    <name>studio::AttentionPage</name>
    <message>
        <source>Inspect the last run of this page, with its model</source>
        <translation>Den letzten Lauf dieser Seite mit seinem Modell untersuchen</translation>
    </message>
    <message>
        <source>Masked text: run it first</source>
        <translation>Maskierter Text: zuerst ausführen</translation>
    </message>
    <message>
        <source>Image classification: run it first</source>
        <translation>Bildklassifikation: zuerst ausführen</translation>
    </message>
    <message>
        <source>Optical flow: run it first</source>
        <translation>Optischer Fluss: zuerst ausführen</translation>
    </message>
    <message>
        <source>Input from:</source>
        <translation>Eingabe von:</translation>
    </message>
    <message>
        <source>mean of heads</source>
        <translation>Mittel der Köpfe</translation>
    </message>
    <message>
        <source>mean of latents</source>
        <translation>Mittel der Latents</translation>
    </message>
    <message>
        <source>Attention &amp;rollout through the latent layers</source>
        <translation>Attention-&amp;Rollout durch die latenten Schichten</translation>
    </message>
    <message>
        <source>Weights latents by how much the output attends to them through every self-attention layer (Abnar &amp; Zuidema)</source>
        <translation>Gewichtet Latents danach, wie stark die Ausgabe sie über alle Self-Attention-Schichten beachtet (Abnar &amp; Zuidema)</translation>
    </message>
    <message>
        <source>Cross-attention (latents → input)</source>
        <translation>Cross-Attention (Latents → Eingabe)</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>Kopf:</translation>
    </message>
    <message>
        <source>Latent:</source>
        <translation>Latent:</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>Deckkraft:</translation>
    </message>
    <message>
        <source>Latent self-attention</source>
        <translation>Latente Self-Attention</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren …</translation>
    </message>
    <message>
        <source>Run a task page, pick it here and press Run to inspect its attention</source>
        <translation>Eine Aufgabenseite ausführen, hier auswählen und Ausführen drücken, um ihre Attention zu untersuchen</translation>
    </message>
    <message>
        <source>Self-attention (latents × latents)</source>
        <translation>Self-Attention (Latents × Latents)</translation>
    </message>
    <message>
        <source>%1: %2 cross-attention head(s), %3 latents over %4 inputs; %5 self-attention layer(s).</source>
        <translation>%1: %2 Cross-Attention-Kopf/Köpfe, %3 Latents über %4 Eingaben; %5 Self-Attention-Schicht(en).</translation>
    </message>
    <message>
        <source>Autoencoding: run it first</source>
        <translation>Autoencoding: zuerst ausführen</translation>
    </message>
    <message>
        <source>Video inputs: the frame of the window to overlay</source>
        <translation>Video-Eingaben: das zu überlagernde Bild des Fensters</translation>
    </message>
    <message>
        <source>Frame:</source>
        <translation>Bild:</translation>
    </message>
    <message>
        <source>The window's audio (cyan) over the attention of its audio positions</source>
        <translation>Das Audio des Fensters (cyan) über der Attention seiner Audiopositionen</translation>
    </message>
    <message>
        <source>the first [MASK]</source>
        <translation>das erste [MASK]</translation>
    </message>
    <message>
        <source>Text: the token whose prediction is traced (0 = the first byte; a [MASK] counts as one)</source>
        <translation>Text: das Token, dessen Vorhersage zurückverfolgt wird (0 = das erste Byte; ein [MASK] zählt als eines)</translation>
    </message>
    <message>
        <source>A pixel (click the frame)</source>
        <translation>Ein Pixel (ins Bild klicken)</translation>
    </message>
    <message>
        <source>An audio sample</source>
        <translation>Ein Audio-Sample</translation>
    </message>
    <message>
        <source>The label</source>
        <translation>Das Label</translation>
    </message>
    <message>
        <source>Video: the audio sample of the window to trace</source>
        <translation>Video: das zurückzuverfolgende Audio-Sample des Fensters</translation>
    </message>
    <message>
        <source>&amp;Trace</source>
        <translation>&amp;Zurückverfolgen</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Ausgabe:</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>Sample:</translation>
    </message>
    <message>
        <source>Pick an output and press Trace: flow and video pixels by clicking the overlay.</source>
        <translation>Eine Ausgabe wählen und „Zurückverfolgen“ drücken: Fluss- und Videopixel per Klick in die Überlagerung.</translation>
    </message>
    <message>
        <source>The input, weighted by how much the traced output reads it</source>
        <translation>Die Eingabe, gewichtet danach, wie stark die zurückverfolgte Ausgabe sie liest</translation>
    </message>
    <message>
        <source>Latents it reads most (through the rollout; click one for its own cross-attention):</source>
        <translation>Latents, die sie am meisten liest (über das Rollout; eines anklicken zeigt seine eigene Cross-Attention):</translation>
    </message>
    <message>
        <source>Input elements it reads:</source>
        <translation>Eingabeelemente, die sie liest:</translation>
    </message>
    <message>
        <source>Self-attention</source>
        <translation>Self-Attention</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Zurückverfolgen</translation>
    </message>
    <message>
        <source>Traces the prediction at the token chosen.</source>
        <translation>Verfolgt die Vorhersage am gewählten Token zurück.</translation>
    </message>
    <message>
        <source>Traces the prediction: the classifier's one decoder query serves every class.</source>
        <translation>Verfolgt die Vorhersage zurück: die eine Decoder-Abfrage des Klassifikators dient allen Klassen.</translation>
    </message>
    <message>
        <source>Run the inspector, then click a pixel of the frame to trace its flow.</source>
        <translation>Den Inspektor ausführen, dann ein Pixel des Bildes anklicken, um seinen Fluss zurückzuverfolgen.</translation>
    </message>
    <message>
        <source>Run the inspector, then click a pixel of the frame, or pick the audio or the label.</source>
        <translation>Den Inspektor ausführen, dann ein Pixel des Bildes anklicken oder den Ton bzw. das Label wählen.</translation>
    </message>
    <message>
        <source>Traced %1. The model's output there: %2.</source>
        <translation>%1 zurückverfolgt. Die Ausgabe des Modells dort: %2.</translation>
    </message>
    <message>
        <source>Note: %1.</source>
        <translation>Hinweis: %1.</translation>
    </message>
    <message>
        <source>latent %1 (decoder %2 %)</source>
        <translation>Latent %1 (Decoder %2 %)</translation>
    </message>
    <message>
        <source>audio %1 % · video %2 % · label %3 %</source>
        <translation>Ton %1 % · Video %2 % · Label %3 %</translation>
    </message>
    <message>
        <source>Traced %1.</source>
        <translation>%1 zurückverfolgt.</translation>
    </message>
    <message>
        <source>Explain an output: trace it (output → latents → input) or attribute it</source>
        <translation>Eine Ausgabe erklären: zurückverfolgen (Ausgabe → Latents → Eingabe) oder attribuieren</translation>
    </message>
    <message>
        <source>Integrated Gradients</source>
        <translation>Integrated Gradients</translation>
    </message>
    <message>
        <source>Gradient × input</source>
        <translation>Gradient × Eingabe</translation>
    </message>
    <message>
        <source>Integrated Gradients: the attributions add up to the output's change from the baseline</source>
        <translation>Integrated Gradients: die Attributionen summieren sich zur Änderung der Ausgabe gegenüber der Baseline</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>Nullen</translation>
    </message>
    <message>
        <source>the input's mean</source>
        <translation>der Mittelwert der Eingabe</translation>
    </message>
    <message>
        <source>blurred (images, frames, flow)</source>
        <translation>weichgezeichnet (Bilder, Frames, Fluss)</translation>
    </message>
    <message>
        <source>&amp;Attribute</source>
        <translation>&amp;Attribuieren</translation>
    </message>
    <message>
        <source>Which input elements drive the same output: gradients through the model (slower than a trace)</source>
        <translation>Welche Eingabeelemente dieselbe Ausgabe bestimmen: Gradienten durch das Modell (langsamer als eine Rückverfolgung)</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>Baseline:</translation>
    </message>
    <message>
        <source>Attribute an output: which input elements drive it (the image shows |attribution|).</source>
        <translation>Eine Ausgabe attribuieren: welche Eingabeelemente sie bestimmen (das Bild zeigt |Attribution|).</translation>
    </message>
    <message>
        <source>The input, coloured by |attribution|</source>
        <translation>Die Eingabe, gefärbt nach |Attribution|</translation>
    </message>
    <message>
        <source>Attributions</source>
        <translation>Attributionen</translation>
    </message>
    <message>
        <source>%1, by %2.
f(x) = %3, f(baseline) = %4; the attributions sum to %5 (completeness error %6 %).</source>
        <translation>%1, mit %2.
f(x) = %3, f(Baseline) = %4; die Attributionen summieren sich zu %5 (Vollständigkeitsfehler %6 %).</translation>
    </message>
    <message>
        <source>Attributed %1.</source>
        <translation>%1 attribuiert.</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Eingriff</translation>
    </message>
    <message>
        <source>e.g. 0:1, 2:3</source>
        <translation>z. B. 0:1, 2:3</translation>
    </message>
    <message>
        <source>Self-attention heads to mask, as LAYER:HEAD (layer within a block; every block)</source>
        <translation>Zu maskierende Self-Attention-Köpfe als SCHICHT:KOPF (Schicht innerhalb eines Blocks; jeder Block)</translation>
    </message>
    <message>
        <source>e.g. 3, 7-9</source>
        <translation>z. B. 3, 7-9</translation>
    </message>
    <message>
        <source>Latents to set to zero after the chosen layer</source>
        <translation>Latents, die nach der gewählten Schicht auf null gesetzt werden</translation>
    </message>
    <message>
        <source>the cross-attention</source>
        <translation>die Cross-Attention</translation>
    </message>
    <message>
        <source>Where the latents are zeroed: after the cross-attention (0) or after self-attention layer K</source>
        <translation>Wo die Latents auf null gesetzt werden: nach der Cross-Attention (0) oder nach Self-Attention-Schicht K</translation>
    </message>
    <message>
        <source>e.g. 0-99</source>
        <translation>z. B. 0-99</translation>
    </message>
    <message>
        <source>Input positions the latents may not read (text: token k + 1; images: row-major over the token grid)</source>
        <translation>Eingabepositionen, die die Latents nicht lesen dürfen (Text: Token k + 1; Bilder: zeilenweise über das Token-Raster)</translation>
    </message>
    <message>
        <source>x, y, width, height</source>
        <translation>x, y, Breite, Höhe</translation>
    </message>
    <message>
        <source>A rectangle of the input as shown (image, flow window, every video frame) the latents may not read</source>
        <translation>Ein Rechteck der gezeigten Eingabe (Bild, Flussfenster, jedes Videobild), das die Latents nicht lesen dürfen</translation>
    </message>
    <message>
        <source>e.g. 0-4095</source>
        <translation>z. B. 0-4095</translation>
    </message>
    <message>
        <source>Video: the audio samples of the window the latents may not read</source>
        <translation>Video: die Audio-Samples des Fensters, die die Latents nicht lesen dürfen</translation>
    </message>
    <message>
        <source>Drop the label input</source>
        <translation>Die Label-Eingabe verwerfen</translation>
    </message>
    <message>
        <source>The 5 latents the trace reads most</source>
        <translation>Die 5 Latents, die die Spur am meisten liest</translation>
    </message>
    <message>
        <source>Fills in the latents of the last trace with the largest weight</source>
        <translation>Trägt die Latents der letzten Spur mit dem größten Gewicht ein</translation>
    </message>
    <message>
        <source>&amp;Compare with the unmodified run</source>
        <translation>Mit dem unveränderten Lauf &amp;vergleichen</translation>
    </message>
    <message>
        <source>&amp;Rank latents by effect</source>
        <translation>Latents nach Wirkung &amp;ordnen</translation>
    </message>
    <message>
        <source>Zeroes each latent in turn (after the layer chosen) and measures the output a trace would take</source>
        <translation>Setzt jedes Latent der Reihe nach auf null (nach der gewählten Schicht) und misst die Ausgabe, die eine Spur nähme</translation>
    </message>
    <message>
        <source>Mask heads:</source>
        <translation>Köpfe maskieren:</translation>
    </message>
    <message>
        <source>Ablate latents:</source>
        <translation>Latents abschalten:</translation>
    </message>
    <message>
        <source>After layer:</source>
        <translation>Nach Schicht:</translation>
    </message>
    <message>
        <source>Drop inputs:</source>
        <translation>Eingaben verwerfen:</translation>
    </message>
    <message>
        <source>Drop a region:</source>
        <translation>Bereich verwerfen:</translation>
    </message>
    <message>
        <source>Drop audio:</source>
        <translation>Audio verwerfen:</translation>
    </message>
    <message>
        <source>every latent</source>
        <translation>jedes Latent</translation>
    </message>
    <message>
        <source>the </source>
        <translation>die </translation>
    </message>
    <message>
        <source> the last trace reads most</source>
        <translation> (die die letzte Spur am meisten liest)</translation>
    </message>
    <message>
        <source>A full-size model has hundreds of latents, each ablation a pass through the later layers: rank the ones the trace reads most</source>
        <translation>Ein Modell in voller Größe hat Hunderte Latents, jede Abschaltung ein Durchlauf durch die späteren Schichten: ordnen Sie die, die die Spur am meisten liest</translation>
    </message>
    <message>
        <source>Change the model's internals and see what changes: the difference against the unmodified run.</source>
        <translation>Das Innere des Modells ändern und sehen, was sich ändert: der Unterschied zum unveränderten Lauf.</translation>
    </message>
    <message>
        <source>Trace an output first: its latents fill this in.</source>
        <translation>Zuerst eine Ausgabe verfolgen: ihre Latents füllen dies aus.</translation>
    </message>
    <message>
        <source>Drop a region: four whole numbers x, y, width, height, got '%1'.</source>
        <translation>Bereich verwerfen: vier ganze Zahlen x, y, Breite, Höhe, erhalten '%1'.</translation>
    </message>
    <message>
        <source>Trace an output of this input first: its latents are the ones ranked.</source>
        <translation>Zuerst eine Ausgabe dieser Eingabe verfolgen: ihre Latents werden geordnet.</translation>
    </message>
    <message>
        <source>With %1, against the unmodified run:</source>
        <translation>Mit %1, gegen den unveränderten Lauf:</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Unmodified</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>With the intervention</source>
        <translation>Mit dem Eingriff</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>%1 the top %2 points; the largest change of any %3 points</source>
        <translation>%1 die Spitze %2 Punkte; die größte Änderung überhaupt %3 Punkte</translation>
    </message>
    <message>
        <source>&lt;b&gt;New top.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Neue Spitze.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Same top;</source>
        <translation>Gleiche Spitze;</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>PSNR unmodified</source>
        <translation>PSNR unverändert</translation>
    </message>
    <message>
        <source>PSNR with the intervention</source>
        <translation>PSNR mit dem Eingriff</translation>
    </message>
    <message>
        <source>ΔPSNR</source>
        <translation>ΔPSNR</translation>
    </message>
    <message>
        <source>The unmodified flow</source>
        <translation>Der unveränderte Fluss</translation>
    </message>
    <message>
        <source>Frame 0 reconstructed by the unmodified model</source>
        <translation>Bild 0, vom unveränderten Modell rekonstruiert</translation>
    </message>
    <message>
        <source>The flow with the intervention (same colour scale)</source>
        <translation>Der Fluss mit dem Eingriff (gleiche Farbskala)</translation>
    </message>
    <message>
        <source>Frame 0 reconstructed with the intervention</source>
        <translation>Bild 0, mit dem Eingriff rekonstruiert</translation>
    </message>
    <message>
        <source>End-point error between the two flows</source>
        <translation>Endpunktfehler zwischen den beiden Flüssen</translation>
    </message>
    <message>
        <source>Frame 0 as the model saw it</source>
        <translation>Bild 0, wie das Modell es sah</translation>
    </message>
    <message>
        <source>Unmodified flow · with the intervention (one colour scale) · the end-point error between them</source>
        <translation>Unveränderter Fluss · mit dem Eingriff (eine Farbskala) · der Endpunktfehler dazwischen</translation>
    </message>
    <message>
        <source>Frame 0: unmodified reconstruction · with the intervention · the input</source>
        <translation>Bild 0: unveränderte Rekonstruktion · mit dem Eingriff · die Eingabe</translation>
    </message>
    <message>
        <source>Compared: %1.</source>
        <translation>Verglichen: %1.</translation>
    </message>
    <message>
        <source>latent %1: %2 → %3</source>
        <translation>Latent %1: %2 → %3</translation>
    </message>
    <message>
        <source>%1 = %2 unmodified; |change| with each of the %3 latents zeroed after layer %4 (a click ablates it):</source>
        <translation>%1 = %2 unverändert; |Änderung| mit jedem der %3 Latents, nach Schicht %4 auf null gesetzt (ein Klick schaltet es ab):</translation>
    </message>
    <message>
        <source>Ranked %1 latents by their effect on %2.</source>
        <translation>%1 Latents nach ihrer Wirkung auf %2 geordnet.</translation>
    </message>
    <message>
        <source>attending latent</source>
        <translation>abfragendes Latent</translation>
    </message>
    <message>
        <source>attended latent</source>
        <translation>beachtetes Latent</translation>
    </message>
    <message>
        <source>Export numbers…</source>
        <translation>Zahlen exportieren …</translation>
    </message>
    <message>
        <source>The numbers shown: the self-attention matrix on its tab, else the input weights (NumPy .npy or CSV)</source>
        <translation>Die gezeigten Zahlen: die Self-Attention-Matrix auf ihrem Reiter, sonst die Gewichte der Eingabe (NumPy .npy oder CSV)</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>Noch nichts zu exportieren: zuerst das Modell ausführen.</translation>
    </message>
    <message>
        <source>Export numbers</source>
        <translation>Zahlen exportieren</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy);;CSV (*.csv)</source>
        <translation>NumPy-Arrays (*.npy);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>PNG at %1×</source>
        <translation>PNG mit %1×</translation>
    </message>
    <message>
        <source>Export PNG at this multiple (each value a square), with a title and the colour bar</source>
        <translation>PNG-Export in diesem Vielfachen (jeder Wert ein Quadrat), mit Titel und Farbskala</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>Latent self-attention, layer %1, %2 — %3</source>
        <translation>Latente Self-Attention, Schicht %1, %2 – %3</translation>
    </message>
    <message>
        <source>latent %1</source>
        <translation>Latent %1</translation>
    </message>
    <message>
        <source>Cross-attention, %1, %2</source>
        <translation>Cross-Attention, %1, %2</translation>
    </message>
    <message>
        <source>, through attention rollout</source>
        <translation>, über Attention-Rollout</translation>
    </message>
    <message>
        <source>, frame %1</source>
        <translation>, Bild %1</translation>
    </message>
</context>
<context>
    <name>studio::AutoencodePage</name>
    <message>
        <source>&amp;Open video…</source>
        <translation>Video ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>decode in </source>
        <translation>decodieren in </translation>
    </message>
    <message>
        <source> chunks</source>
        <translation> Blöcken</translation>
    </message>
    <message>
        <source>Output points are decoded in this many chunks per window (DeepMind's demo uses 128); more chunks need less memory</source>
        <translation>Ausgabepunkte werden je Fenster in so vielen Blöcken decodiert (DeepMinds Demo nutzt 128); mehr Blöcke brauchen weniger Speicher</translation>
    </message>
    <message>
        <source>No video yet.</source>
        <translation>Noch kein Video.</translation>
    </message>
    <message>
        <source>What the model saw</source>
        <translation>Was das Modell sah</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>Rekonstruktion</translation>
    </message>
    <message>
        <source>Hear the reconstruction</source>
        <translation>Rekonstruktion hören</translation>
    </message>
    <message>
        <source>Hear the original</source>
        <translation>Original hören</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Export MP4…</source>
        <translation>MP4 exportieren …</translation>
    </message>
    <message>
        <source>Export WAV…</source>
        <translation>WAV exportieren …</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>Video öffnen</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>Noch nichts zu exportieren: zuerst das Modell ausführen.</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>Reconstruction (*.mp4);;Side by side (*.mp4)</source>
        <translation>Rekonstruktion (*.mp4);;Nebeneinander (*.mp4)</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Export audio</source>
        <translation>Audio exportieren</translation>
    </message>
    <message>
        <source>WAV audio (*.wav)</source>
        <translation>WAV-Audio (*.wav)</translation>
    </message>
    <message>
        <source>Cannot open video</source>
        <translation>Video kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>„%1“ existiert nicht.</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s), %1 frames reconstructed.</source>
        <translation><numerusform>%n Fenster, %1 Bilder rekonstruiert.</numerusform><numerusform>%n Fenster, %1 Bilder rekonstruiert.</numerusform></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>„%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>„%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Label &amp;names…</source>
        <translation>Klassen&amp;namen …</translation>
    </message>
    <message>
        <source>A file with the class names, one per line (the multimodal checkpoint predicts Kinetics-700 classes, which its config does not name)</source>
        <translation>Eine Datei mit den Klassennamen, einer je Zeile (der multimodale Checkpoint sagt Kinetics-700-Klassen vorher, die seine Konfiguration nicht benennt)</translation>
    </message>
    <message>
        <source>Label names</source>
        <translation>Klassennamen</translation>
    </message>
    <message>
        <source>Label files (*.txt *.json);;All files (*)</source>
        <translation>Klassennamen-Dateien (*.txt *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Videos (%1);;All files (*)</source>
        <translation>Videos (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open a video (or drop it here)</source>
        <translation>Ein Video öffnen (oder hierher ziehen)</translation>
    </message>
    <message>
        <source>The reconstruction appears here after Run</source>
        <translation>Die Rekonstruktion erscheint hier nach dem Ausführen</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Play both videos in sync (Ctrl+P); at the end, Play starts over</source>
        <translation>Beide Videos synchron abspielen (Strg+P); am Ende beginnt Abspielen von vorn</translation>
    </message>
    <message>
        <source>One frame back (Ctrl+Left)</source>
        <translation>Ein Bild zurück (Strg+Links)</translation>
    </message>
    <message>
        <source>One frame forward (Ctrl+Right)</source>
        <translation>Ein Bild vor (Strg+Rechts)</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Wiedergabegeschwindigkeit</translation>
    </message>
    <message>
        <source>&amp;Loop</source>
        <translation>&amp;Schleife</translation>
    </message>
    <message>
        <source>Window (frames)</source>
        <translation>Fenster (Bilder)</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR (dB)</translation>
    </message>
    <message>
        <source>Click a window to show its first frame</source>
        <translation>Ein Fenster anklicken zeigt sein erstes Bild</translation>
    </message>
    <message>
        <source>%1 (%2–%3)</source>
        <translation>%1 (%2–%3)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>frame %1 / %2 · %3 s</source>
        <translation>Bild %1 / %2 · %3 s</translation>
    </message>
    <message>
        <source>Mean PSNR: %1 dB</source>
        <translation>Mittlerer PSNR: %1 dB</translation>
    </message>
    <message>
        <source>Reconstruction: window %1 from 1/%2 of its points…</source>
        <translation>Rekonstruktion: Fenster %1 aus 1/%2 seiner Punkte …</translation>
    </message>
    <message>
        <source>Reconstruction: window %1 decoded</source>
        <translation>Rekonstruktion: Fenster %1 dekodiert</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Predicted labels (mean over the windows)</source>
        <translation>Vorhergesagte Klassen (Mittel über die Fenster)</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
</context>
<context>
    <name>studio::ClassifyPage</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>Bild ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Use the image on the clipboard (Ctrl+Shift+V)</source>
        <translation>Das Bild aus der Zwischenablage verwenden (Strg+Umschalt+V)</translation>
    </message>
    <message>
        <source>Open, drop or paste an image</source>
        <translation>Ein Bild öffnen, hineinziehen oder einfügen</translation>
    </message>
    <message>
        <source>The crop the model sees</source>
        <translation>Der Ausschnitt, den das Modell sieht</translation>
    </message>
    <message>
        <source>Exactly what the classifier receives: centre crop, bicubic resize, before normalisation</source>
        <translation>Genau das, was der Klassifikator erhält: zentrierter Ausschnitt, bikubisch skaliert, vor der Normalisierung</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>What the model sees</source>
        <translation>Was das Modell sieht</translation>
    </message>
    <message>
        <source>Top classes</source>
        <translation>Wahrscheinlichste Klassen</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot read “%1” as an image: %2.</source>
        <translation>„%1“ kann nicht als Bild gelesen werden: %2.</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <source>%1: %2 × %3 pixels</source>
        <translation>%1: %2 × %3 Pixel</translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation>%1: %2 (%3 %)</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Bilder (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 (%2 × %3 px), top %4</source>
        <translation>%1 (%2 × %3 px), Top %4</translation>
    </message>
</context>
<context>
    <name>studio::FillMaskPage</name>
    <message>
        <source>Type a text, select a span and press Mask selection (Ctrl+M), or type [MASK] for each byte to predict.</source>
        <translation>Text eingeben, einen Abschnitt auswählen und „Auswahl maskieren“ (Strg+M) drücken, oder [MASK] für jedes vorherzusagende Byte schreiben.</translation>
    </message>
    <message>
        <source>&amp;Mask selection</source>
        <translation>Auswahl &amp;maskieren</translation>
    </message>
    <message>
        <source>Replace the selected text by one [MASK] per UTF-8 byte (Ctrl+M)</source>
        <translation>Den ausgewählten Text durch ein [MASK] je UTF-8-Byte ersetzen (Strg+M)</translation>
    </message>
    <message>
        <source>Alternatives listed per masked byte</source>
        <translation>Angezeigte Alternativen je maskiertem Byte</translation>
    </message>
    <message>
        <source>&amp;Use filled text</source>
        <translation>Gefüllten Text &amp;übernehmen</translation>
    </message>
    <message>
        <source>Replace the editor's text by the filled text</source>
        <translation>Den Text im Editor durch den gefüllten Text ersetzen</translation>
    </message>
    <message>
        <source>The filled text appears here, predicted bytes highlighted.</source>
        <translation>Hier erscheint der gefüllte Text, vorhergesagte Bytes hervorgehoben.</translation>
    </message>
    <message>
        <source>Masked byte</source>
        <translation>Maskiertes Byte</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Double-click an alternative to put it into the editor</source>
        <translation>Doppelklick auf eine Alternative setzt sie in den Editor ein</translation>
    </message>
    <message>
        <source>Select the text to mask first.</source>
        <translation>Zuerst den zu maskierenden Text auswählen.</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) masked.</source>
        <translation><numerusform>%n Byte maskiert.</numerusform><numerusform>%n Bytes maskiert.</numerusform></translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>Byte %1</translation>
    </message>
    <message numerus="yes">
        <source>%n masked byte(s) predicted.</source>
        <translation><numerusform>%n maskiertes Byte vorhergesagt.</numerusform><numerusform>%n maskierte Bytes vorhergesagt.</numerusform></translation>
    </message>
    <message>
        <source>This alternative is a special token or part of a multi-byte character; use the filled text instead.</source>
        <translation>Diese Alternative ist ein Sondertoken oder Teil eines Mehrbyte-Zeichens; stattdessen den gefüllten Text übernehmen.</translation>
    </message>
    <message>
        <source>The text changed since the run; run again to accept alternatives.</source>
        <translation>Der Text hat sich seit dem Lauf geändert; erneut ausführen, um Alternativen zu übernehmen.</translation>
    </message>
    <message>
        <source>Accepted “%1”.</source>
        <translation>„%1“ übernommen.</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 Bytes</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>%1: %2 over this model's limit. Shorten the text to run.</source>
        <translation>%1: %2 über der Grenze dieses Modells. Zum Ausführen den Text kürzen.</translation>
    </message>
    <message>
        <source>%1. No [MASK] yet, so nothing to predict: select text and press Mask selection (Ctrl+M).</source>
        <translation>%1. Noch kein [MASK], also nichts vorherzusagen: Text auswählen und „Auswahl maskieren“ drücken (Strg+M).</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n masked.</source>
        <translation><numerusform>%1, %n maskiert.</numerusform><numerusform>%1, %n maskiert.</numerusform></translation>
    </message>
    <message>
        <source>“%1” (%2 bytes), top %3</source>
        <translation>„%1“ (%2 Bytes), Top %3</translation>
    </message>
</context>
<context>
    <name>studio::FlowLegend</name>
    <message>
        <source>Direction and speed</source>
        <translation>Richtung und Geschwindigkeit</translation>
    </message>
    <message>
        <source>px</source>
        <translation>px</translation>
    </message>
    <message>
        <source>rim: %1 %2</source>
        <translation>Rand: %1 %2</translation>
    </message>
</context>
<context>
    <name>studio::FlowPage</name>
    <message>
        <source>Open &amp;frames…</source>
        <translation>&amp;Bilder öffnen …</translation>
    </message>
    <message>
        <source>Choose two images of the same size</source>
        <translation>Zwei Bilder gleicher Größe wählen</translation>
    </message>
    <message>
        <source>Open &amp;video…</source>
        <translation>&amp;Video öffnen …</translation>
    </message>
    <message>
        <source>&amp;Ground truth…</source>
        <translation>&amp;Referenzfluss …</translation>
    </message>
    <message>
        <source>A Middlebury .flo file to compare against (end-point error)</source>
        <translation>Eine Middlebury-.flo-Datei zum Vergleich (Endpunktfehler)</translation>
    </message>
    <message>
        <source>at most </source>
        <translation>höchstens </translation>
    </message>
    <message>
        <source> pairs</source>
        <translation> Paare</translation>
    </message>
    <message>
        <source>Frame pairs computed from a video</source>
        <translation>Aus einem Video berechnete Bildpaare</translation>
    </message>
    <message>
        <source>No frames yet.</source>
        <translation>Noch keine Bilder.</translation>
    </message>
    <message>
        <source>Colour (with wheel legend)</source>
        <translation>Farbe (mit Farbrad-Legende)</translation>
    </message>
    <message>
        <source>Magnitude</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <source>End-point error</source>
        <translation>Endpunktfehler</translation>
    </message>
    <message>
        <source>&amp;Arrows</source>
        <translation>&amp;Pfeile</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Distance between arrows</source>
        <translation>Abstand zwischen den Pfeilen</translation>
    </message>
    <message>
        <source>Frame pair of the video</source>
        <translation>Bildpaar des Videos</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren …</translation>
    </message>
    <message>
        <source>Export .flo…</source>
        <translation>.flo exportieren …</translation>
    </message>
    <message>
        <source>Export MP4…</source>
        <translation>MP4 exportieren …</translation>
    </message>
    <message>
        <source>Open two frames or a video (or drop them here), then Run</source>
        <translation>Zwei Bilder oder ein Video öffnen (oder hierher ziehen), dann Ausführen</translation>
    </message>
    <message>
        <source>Hover over the flow to read (u, v).</source>
        <translation>Mit der Maus über den Fluss fahren, um (u, v) abzulesen.</translation>
    </message>
    <message>
        <source>Open two frames</source>
        <translation>Zwei Bilder öffnen</translation>
    </message>
    <message>
        <source>Two frames needed</source>
        <translation>Zwei Bilder nötig</translation>
    </message>
    <message>
        <source>Choose exactly two images (you chose %1).</source>
        <translation>Wählen Sie genau zwei Bilder (gewählt: %1).</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>Video öffnen</translation>
    </message>
    <message>
        <source>Ground-truth flow</source>
        <translation>Referenzfluss</translation>
    </message>
    <message>
        <source>Middlebury flow (*.flo)</source>
        <translation>Middlebury-Fluss (*.flo)</translation>
    </message>
    <message>
        <source>Cannot open frame</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot read “%1” as an image: %2.</source>
        <translation>„%1“ kann nicht als Bild gelesen werden: %2.</translation>
    </message>
    <message>
        <source>First frame: %1. Drop or open the second.</source>
        <translation>Erstes Bild: %1. Das zweite hineinziehen oder öffnen.</translation>
    </message>
    <message>
        <source>Two frames, %1 × %2</source>
        <translation>Zwei Bilder, %1 × %2</translation>
    </message>
    <message>
        <source>Frames differ in size</source>
        <translation>Bilder unterschiedlich groß</translation>
    </message>
    <message>
        <source>The frames must have the same size: %1 × %2 and %3 × %4.</source>
        <translation>Die Bilder müssen gleich groß sein: %1 × %2 und %3 × %4.</translation>
    </message>
    <message>
        <source>%1 and %2, %3 × %4</source>
        <translation>%1 und %2, %3 × %4</translation>
    </message>
    <message>
        <source>Cannot open video</source>
        <translation>Video kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>„%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Video: %1</source>
        <translation>Video: %1</translation>
    </message>
    <message numerus="yes">
        <source>Flow of %n pair(s); end-point error %1 px.</source>
        <translation><numerusform>Fluss von %n Paar; Endpunktfehler %1 px.</numerusform><numerusform>Fluss von %n Paaren; Endpunktfehler %1 px.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Flow of %n pair(s); largest motion %1 px.</source>
        <translation><numerusform>Fluss von %n Paar; größte Bewegung %1 px.</numerusform><numerusform>Fluss von %n Paaren; größte Bewegung %1 px.</numerusform></translation>
    </message>
    <message>
        <source>pair %1  (x %2, y %3)  u = %4 px, v = %5 px, |flow| = %6 px</source>
        <translation>Paar %1  (x %2, y %3)  u = %4 px, v = %5 px, |Fluss| = %6 px</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>Noch nichts zu exportieren: zuerst das Modell ausführen.</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>Fluss exportieren</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4-Video (*.mp4)</translation>
    </message>
    <message>
        <source>Videos (%1);;All files (*)</source>
        <translation>Videos (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Flow files (*.flo *.png);;Middlebury flow (*.flo);;KITTI flow, 16-bit PNG (*.png)</source>
        <translation>Flussdateien (*.flo *.png);;Middlebury-Fluss (*.flo);;KITTI-Fluss, 16-Bit-PNG (*.png)</translation>
    </message>
    <message>
        <source>Co&amp;mpare with…</source>
        <translation>&amp;Vergleichen mit …</translation>
    </message>
    <message>
        <source>Another method's flow for this pair (.flo or KITTI PNG): shown beside ours, with the difference</source>
        <translation>Der Fluss einer anderen Methode für dieses Paar (.flo oder KITTI-PNG): neben unserem gezeigt, mit der Differenz</translation>
    </message>
    <message>
        <source>&amp;Consistency</source>
        <translation>&amp;Konsistenz</translation>
    </message>
    <message>
        <source>Also compute the flow from frame 2 to frame 1 and mark the pixels that fail the forward–backward check (occlusions)</source>
        <translation>Auch den Fluss von Bild 2 zu Bild 1 berechnen und die Pixel markieren, die die Vorwärts-Rückwärts-Prüfung nicht bestehen (Verdeckungen)</translation>
    </message>
    <message>
        <source>&amp;Entropy</source>
        <translation>&amp;Entropie</translation>
    </message>
    <message>
        <source>Per pixel, how spread the decoder's attention over the latents is: where the model is unsure</source>
        <translation>Pro Pixel, wie breit die Attention des Decoders über die Latents verteilt ist: wo das Modell unsicher ist</translation>
    </message>
    <message>
        <source>Flow to compare with</source>
        <translation>Fluss zum Vergleichen</translation>
    </message>
    <message>
        <source>Frame 2 warped back (magenta: outside)</source>
        <translation>Bild 2 zurückgewarpt (Magenta: außerhalb)</translation>
    </message>
    <message>
        <source>Photometric error |I1 − warp(I2)|</source>
        <translation>Photometrischer Fehler |I1 − warp(I2)|</translation>
    </message>
    <message>
        <source>Forward–backward check (red: inconsistent)</source>
        <translation>Vorwärts-Rückwärts-Prüfung (rot: inkonsistent)</translation>
    </message>
    <message>
        <source>KITTI error image</source>
        <translation>KITTI-Fehlerbild</translation>
    </message>
    <message>
        <source>The other flow</source>
        <translation>Der andere Fluss</translation>
    </message>
    <message>
        <source>Difference to the other flow</source>
        <translation>Differenz zum anderen Fluss</translation>
    </message>
    <message>
        <source>Decoder attention entropy</source>
        <translation>Entropie der Decoder-Attention</translation>
    </message>
    <message>
        <source>Open fol&amp;der…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>A folder of numbered frames (frame_0001.png, frame_0002.png, …), read as a video</source>
        <translation>Ein Ordner nummerierter Bilder (frame_0001.png, frame_0002.png, …), als Video gelesen</translation>
    </message>
    <message>
        <source>&amp;Track points</source>
        <translation>Punkte &amp;verfolgen</translation>
    </message>
    <message>
        <source>Click points on the video's first frame, then Run: each point is moved through the video by the flow (with Consistency ticked, a point stops where the forward–backward check fails)</source>
        <translation>Punkte im ersten Bild des Videos anklicken, dann Ausführen: Jeder Punkt wird vom Fluss durch das Video bewegt (mit Konsistenz hält ein Punkt an, wo die Vorwärts-Rückwärts-Prüfung scheitert)</translation>
    </message>
    <message>
        <source>Clear points</source>
        <translation>Punkte löschen</translation>
    </message>
    <message>
        <source>The chosen view of every pair as a video</source>
        <translation>Die gewählte Ansicht jedes Paars als Video</translation>
    </message>
    <message>
        <source>Export tracks CSV…</source>
        <translation>Spuren als CSV exportieren …</translation>
    </message>
    <message>
        <source>Open a folder of frames</source>
        <translation>Einen Ordner mit Bildern öffnen</translation>
    </message>
    <message>
        <source>Click points on the first frame.</source>
        <translation>Punkte im ersten Bild anklicken.</translation>
    </message>
    <message>
        <source>Frames in %1</source>
        <translation>Bilder in %1</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s): %1</source>
        <translation><numerusform>%n Punkt: %1</numerusform><numerusform>%n Punkte: %1</numerusform></translation>
    </message>
    <message>
        <source>No tracks yet: tick Track points, click points on the first frame, then Run.</source>
        <translation>Noch keine Spuren: Punkte verfolgen ankreuzen, Punkte im ersten Bild anklicken, dann Ausführen.</translation>
    </message>
    <message>
        <source>Export tracks</source>
        <translation>Spuren exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>„%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Point tracks</source>
        <translation>Punktspuren</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Bilder (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 is open: press Run to compute the flow of its frame pairs</source>
        <translation>%1 ist geöffnet: Ausführen berechnet den Fluss seiner Bildpaare</translation>
    </message>
    <message>
        <source>%1, at most %2 pairs</source>
        <translation>%1, höchstens %2 Paare</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Referenzfluss</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>A flow file is compared with a frame pair, not with a video's pairs: open two frames.</source>
        <translation>Eine Flussdatei wird mit einem Bildpaar verglichen, nicht mit den Paaren eines Videos: zwei Bilder öffnen.</translation>
    </message>
    <message>
        <source>Comparing with %1…</source>
        <translation>Vergleiche mit %1 …</translation>
    </message>
    <message>
        <source>Ground truth: %1 (open the frames it belongs to)</source>
        <translation>Referenzfluss: %1 (die zugehörigen Bilder öffnen)</translation>
    </message>
    <message>
        <source>Compare with: %1 (open the frames it belongs to)</source>
        <translation>Vergleichen mit: %1 (die zugehörigen Bilder öffnen)</translation>
    </message>
    <message>
        <source>End-point error %1 px against %2.</source>
        <translation>Endpunktfehler %1 px gegenüber %2.</translation>
    </message>
    <message>
        <source>Compared with %1.</source>
        <translation>Mit %1 verglichen.</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>Vergleich nicht möglich</translation>
    </message>
    <message>
        <source>“%1” is %2 × %3, the frames are %4 × %5: it is not this pair's flow.</source>
        <translation>„%1“ ist %2 × %3, die Bilder sind %4 × %5: es ist nicht der Fluss dieses Paares.</translation>
    </message>
    <message>
        <source>Ground truth: %1 (%2 × %3), compared when you run.</source>
        <translation>Referenzfluss: %1 (%2 × %3), verglichen beim Ausführen.</translation>
    </message>
    <message>
        <source>Compare with: %1 (%2 × %3), compared when you run.</source>
        <translation>Vergleichen mit: %1 (%2 × %3), verglichen beim Ausführen.</translation>
    </message>
    <message>
        <source>Cannot use this flow file</source>
        <translation>Diese Flussdatei ist nicht verwendbar</translation>
    </message>
    <message>
        <source>true length</source>
        <translation>wahre Länge</translation>
    </message>
    <message>
        <source>length ×%1</source>
        <translation>Länge ×%1</translation>
    </message>
    <message>
        <source>How long an arrow is for its motion (the legend's reference arrow says it)</source>
        <translation>Wie lang ein Pfeil für seine Bewegung ist (der Referenzpfeil der Legende zeigt es)</translation>
    </message>
    <message>
        <source>PNG at %1×</source>
        <translation>PNG mit %1×</translation>
    </message>
    <message>
        <source>Export PNG: the view at this multiple of the frame size (each pixel a square), with the legend</source>
        <translation>PNG-Export: die Ansicht in diesem Vielfachen der Bildgröße (jedes Pixel ein Quadrat), mit Legende</translation>
    </message>
    <message>
        <source>Speed |flow|</source>
        <translation>Geschwindigkeit |Fluss|</translation>
    </message>
    <message>
        <source>px</source>
        <translation>px</translation>
    </message>
    <message>
        <source>End-point error against the ground truth</source>
        <translation>Endpunktfehler gegenüber dem Referenzfluss</translation>
    </message>
    <message>
        <source>%1 px of motion (true length)</source>
        <translation>%1 px Bewegung (wahre Länge)</translation>
    </message>
    <message>
        <source>%1 px of motion (length ×%2)</source>
        <translation>%1 px Bewegung (Länge ×%2)</translation>
    </message>
    <message numerus="yes">
        <source>First look: the pair scaled down to one window; %n window(s) at full resolution follow.</source>
        <translation><numerusform>Erster Blick: das Paar auf ein Fenster verkleinert; %n Fenster in voller Auflösung folgen.</numerusform><numerusform>Erster Blick: das Paar auf ein Fenster verkleinert; %n Fenster in voller Auflösung folgen.</numerusform></translation>
    </message>
    <message>
        <source>Flow of %1 of %2 windows at full resolution, the first look elsewhere.</source>
        <translation>Fluss von %1 der %2 Fenster in voller Auflösung, sonst der erste Blick.</translation>
    </message>
</context>
<context>
    <name>studio::ImageView</name>
    <message>
        <source>its format is not one this build reads (%1)</source>
        <translation>sein Format liest diese Version nicht (sie liest %1)</translation>
    </message>
</context>
<context>
    <name>studio::MainWindow</name>
    <message>
        <source>Perceiver Studio</source>
        <translation>Perceiver Studio</translation>
    </message>
    <message>
        <source>Masked &amp;text</source>
        <translation>Maskierter &amp;Text</translation>
    </message>
    <message>
        <source>&amp;Image classification</source>
        <translation>&amp;Bildklassifikation</translation>
    </message>
    <message>
        <source>Optical &amp;flow</source>
        <translation>Optischer &amp;Fluss</translation>
    </message>
    <message>
        <source>&amp;Autoencoding</source>
        <translation>&amp;Autoencoding</translation>
    </message>
    <message>
        <source>Atte&amp;ntion</source>
        <translation>Atte&amp;ntion</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>M&amp;odelle</translation>
    </message>
    <message>
        <source>Fill masked bytes with PerceiverForMaskedLM</source>
        <translation>Maskierte Bytes mit PerceiverForMaskedLM füllen</translation>
    </message>
    <message>
        <source>Classify an image with the learned, Fourier or conv image classifier</source>
        <translation>Ein Bild mit dem Learned-, Fourier- oder Conv-Bildklassifikator klassifizieren</translation>
    </message>
    <message>
        <source>Optical flow between two frames or through a video</source>
        <translation>Optischer Fluss zwischen zwei Bildern oder durch ein Video</translation>
    </message>
    <message>
        <source>Reconstruct video and audio with the multimodal autoencoder</source>
        <translation>Video und Audio mit dem multimodalen Autoencoder rekonstruieren</translation>
    </message>
    <message>
        <source>Inspect the attention of the last run of a task</source>
        <translation>Die Attention des letzten Laufs einer Aufgabe untersuchen</translation>
    </message>
    <message>
        <source>Download, find and open models; device and threads</source>
        <translation>Modelle herunterladen, finden und öffnen; Gerät und Threads</translation>
    </message>
    <message>
        <source>Waiting to download %1…</source>
        <translation>Warten auf das Herunterladen von %1 …</translation>
    </message>
    <message>
        <source>Queued: another job is running…</source>
        <translation>In der Warteschlange: ein anderer Auftrag läuft …</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1 …</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Downloaded %1 (%2).</source>
        <translation>%1 heruntergeladen (%2).</translation>
    </message>
    <message>
        <source>%1 is up to date.</source>
        <translation>%1 ist aktuell.</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>Herunterladen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open an image, a video, a .flo file or a model folder</source>
        <translation>Ein Bild, ein Video, eine .flo-Datei oder einen Modellordner öffnen</translation>
    </message>
    <message>
        <source>Open &amp;model folder…</source>
        <translation>&amp;Modellordner öffnen …</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>A folder with config.json and the weights</source>
        <translation>Ein Ordner mit config.json und den Gewichten</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Perceiver Studio</source>
        <translation>Ü&amp;ber Perceiver Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Memory this process uses</source>
        <translation>Von diesem Prozess belegter Speicher</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n thread(s)</source>
        <translation><numerusform>%1, %n Thread</numerusform><numerusform>%1, %n Threads</numerusform></translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation>Kein Modellordner</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Öffnen nicht möglich</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>„%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>„%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>About Perceiver Studio</source>
        <translation>Über Perceiver Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Perceiver Studio %1&lt;/h3&gt;&lt;p&gt;Explore DeepMind's Perceiver and Perceiver IO models exactly as Hugging Face Transformers defines them: masked text, image classification, optical flow, video and audio autoencoding, attention.&lt;/p&gt;&lt;p&gt;%2&lt;br&gt;Qt %3&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Perceiver Studio %1&lt;/h3&gt;&lt;p&gt;DeepMinds Perceiver- und Perceiver-IO-Modelle genau so erkunden, wie Hugging Face Transformers sie definiert: maskierter Text, Bildklassifikation, optischer Fluss, Autoencoding von Video und Audio, Attention.&lt;/p&gt;&lt;p&gt;%2&lt;br&gt;Qt %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>Ein Auftrag läuft</translation>
    </message>
    <message>
        <source>Stop the running job and quit?</source>
        <translation>Den laufenden Auftrag anhalten und beenden?</translation>
    </message>
    <message>
        <source>Class names from %1 (used from the next run).</source>
        <translation>Klassennamen aus %1 (ab dem nächsten Lauf verwendet).</translation>
    </message>
    <message>
        <source>Cannot use these label names</source>
        <translation>Diese Klassennamen sind nicht verwendbar</translation>
    </message>
    <message>
        <source>Warning: LibTorch uses the slow reference BLAS; install libopenblas0-pthread for ~10x faster models.</source>
        <translation>Warnung: LibTorch nutzt das langsame Referenz-BLAS; libopenblas0-pthread installieren für etwa 10-mal schnellere Modelle.</translation>
    </message>
    <message>
        <source>Open &amp;samples</source>
        <translation>&amp;Beispiele öffnen</translation>
    </message>
    <message>
        <source>The samples are open; no demo model to run them with.</source>
        <translation>Die Beispiele sind geöffnet; kein Demo-Modell zum Ausführen vorhanden.</translation>
    </message>
    <message>
        <source>A sample input on every page, run with the built-in demo models</source>
        <translation>Eine Beispieleingabe auf jeder Seite, ausgeführt mit den eingebauten Demo-Modellen</translation>
    </message>
    <message>
        <source>No sample inputs found (resources/samples).</source>
        <translation>Keine Beispieleingaben gefunden (resources/samples).</translation>
    </message>
    <message>
        <source>Everything Perceiver Studio opens (%1 %2 *.flo *.txt);;All files (*)</source>
        <translation>Alles, was Perceiver Studio öffnet (%1 %2 *.flo *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Masked text, last run: %1</source>
        <translation>Maskierter Text, letzter Lauf: %1</translation>
    </message>
    <message>
        <source>Image classification, last run: %1</source>
        <translation>Bildklassifikation, letzter Lauf: %1</translation>
    </message>
    <message>
        <source>Optical flow, last run (first window): %1</source>
        <translation>Optischer Fluss, letzter Lauf (erstes Fenster): %1</translation>
    </message>
    <message>
        <source>Autoencoding, last run (first window): %1</source>
        <translation>Autoencoding, letzter Lauf (erstes Fenster): %1</translation>
    </message>
    <message>
        <source>Open samples</source>
        <translation>Beispiele öffnen</translation>
    </message>
    <message>
        <source>The masked-text editor holds your own text. Replace it with the sample text?</source>
        <translation>Im Editor für maskierten Text steht Ihr eigener Text. Durch den Beispieltext ersetzen?</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <source>&amp;Keep my text</source>
        <translation>Meinen Text &amp;behalten</translation>
    </message>
    <message>
        <source>“%1” does not exist any more; it is removed from the recent files.</source>
        <translation>„%1“ gibt es nicht mehr; es wird aus den zuletzt geöffneten Dateien entfernt.</translation>
    </message>
    <message>
        <source>The language changes when no job runs (or at the next start): switching rebuilds the pages.</source>
        <translation>Die Sprache wechselt, wenn kein Auftrag läuft (oder beim nächsten Start): der Wechsel baut die Seiten neu auf.</translation>
    </message>
    <message>
        <source>Switch the language</source>
        <translation>Sprache wechseln</translation>
    </message>
    <message>
        <source>Switching the language rebuilds the pages: your inputs stay, the results shown are cleared. Switch now?</source>
        <translation>Der Sprachwechsel baut die Seiten neu auf: Ihre Eingaben bleiben, die angezeigten Ergebnisse werden geleert. Jetzt wechseln?</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Language switched.</source>
        <translation>Sprache gewechselt.</translation>
    </message>
    <message>
        <source>Queued behind %1: %2</source>
        <translation>Wartet hinter %1: %2</translation>
    </message>
    <message>
        <source>Te&amp;xt classification</source>
        <translation>Te&amp;xtklassifikation</translation>
    </message>
    <message>
        <source>Classify a text with PerceiverForSequenceClassification</source>
        <translation>Einen Text mit PerceiverForSequenceClassification klassifizieren</translation>
    </message>
    <message>
        <source>Text classification, last run: %1</source>
        <translation>Textklassifikation, letzter Lauf: %1</translation>
    </message>
    <message>
        <source>T&amp;rain</source>
        <translation>T&amp;rainieren</translation>
    </message>
    <message>
        <source>Fine-tune a classifier on your own images or texts and watch it learn</source>
        <translation>Einen Klassifikator auf eigenen Bildern oder Texten feinabstimmen und ihm beim Lernen zusehen</translation>
    </message>
    <message>
        <source>Writing the example images…</source>
        <translation>Die Beispielbilder werden geschrieben …</translation>
    </message>
    <message>
        <source>Example data: four shapes the demo shapes model never saw (ring, diamond, bar, crescent), 40 training and 15 held-out images each, in %1. Press Start.</source>
        <translation>Beispieldaten: vier Formen, die das Demo-Formenmodell nie gesehen hat (Ring, Raute, Balken, Sichel), je 40 Trainings- und 15 zurückgehaltene Bilder, in %1. Auf Starten drücken.</translation>
    </message>
    <message>
        <source>Cannot write the example images</source>
        <translation>Die Beispielbilder lassen sich nicht schreiben</translation>
    </message>
</context>
<context>
    <name>studio::MatrixView</name>
    <message>
        <source>latent %1 → latent %2: %3</source>
        <translation>Latent %1 → Latent %2: %3</translation>
    </message>
</context>
<context>
    <name>studio::ModelManager</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>Fetch config and weights from the Hugging Face hub into its cache</source>
        <translation>Konfiguration und Gewichte vom Hugging-Face-Hub in dessen Cache laden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>A folder with config.json and model.safetensors / pytorch_model.bin</source>
        <translation>Ein Ordner mit config.json und model.safetensors / pytorch_model.bin</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Look again at the Hugging Face cache</source>
        <translation>Den Hugging-Face-Cache erneut durchsuchen</translation>
    </message>
    <message>
        <source>LibTorch threads for inference (applies from the next job)</source>
        <translation>LibTorch-Threads für die Inferenz (gilt ab dem nächsten Auftrag)</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <source>on this machine</source>
        <translation>auf diesem Rechner</translation>
    </message>
    <message>
        <source>not downloaded</source>
        <translation>nicht heruntergeladen</translation>
    </message>
    <message>
        <source>%1 M (%2 MB)</source>
        <translation>%1 Mio. (%2 MB)</translation>
    </message>
    <message>
        <source>Check for &amp;updates</source>
        <translation>Auf A&amp;ktualisierungen prüfen</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Where models run</source>
        <translation>Wo Modelle laufen</translation>
    </message>
    <message>
        <source>This LibTorch build has no CUDA: models run on the CPU</source>
        <translation>Diese LibTorch-Version hat kein CUDA: Modelle laufen auf der CPU</translation>
    </message>
    <message>
        <source>%1 k (%2 MB)</source>
        <translation>%1 Tsd. (%2 MB)</translation>
    </message>
</context>
<context>
    <name>studio::Service</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>Interner Fehler: %1</translation>
    </message>
    <message>
        <source>Internal error of unknown kind.</source>
        <translation>Interner Fehler unbekannter Art.</translation>
    </message>
    <message>
        <source>%1 (demo)</source>
        <translation>%1 (Demo)</translation>
    </message>
    <message>
        <source>“%1” is not a model folder: %2</source>
        <translation>„%1“ ist kein Modellordner: %2</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>Maske füllen</translation>
    </message>
    <message>
        <source>Classify image</source>
        <translation>Bild klassifizieren</translation>
    </message>
    <message>
        <source>Optical flow</source>
        <translation>Optischer Fluss</translation>
    </message>
    <message>
        <source>Autoencode video</source>
        <translation>Video autoencodieren</translation>
    </message>
    <message>
        <source>Attention maps</source>
        <translation>Attention-Karten</translation>
    </message>
    <message>
        <source>Attention view</source>
        <translation>Attention-Ansicht</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>%1 herunterladen</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>Fluss exportieren</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>Warp check: mean |I1 − warp(I2)| %1 grey levels; %2 % of the pixels map outside frame 2.</source>
        <translation>Warp-Prüfung: mittleres |I1 − warp(I2)| %1 Graustufen; %2 % der Pixel zeigen aus Bild 2 heraus.</translation>
    </message>
    <message>
        <source>Forward–backward check: %1 % inconsistent (%2 pixels), %3 % leave the frame.</source>
        <translation>Vorwärts-Rückwärts-Prüfung: %1 % inkonsistent (%2 Pixel), %3 % verlassen das Bild.</translation>
    </message>
    <message>
        <source>%1 px (&lt; 1 / 3 / 5 px: %2 / %3 / %4 %, Fl-all %5 %)</source>
        <translation>%1 px (&lt; 1 / 3 / 5 px: %2 / %3 / %4 %, Fl-all %5 %)</translation>
    </message>
    <message>
        <source>End-point error: %1</source>
        <translation>Endpunktfehler: %1</translation>
    </message>
    <message>
        <source>Against the other flow: %1</source>
        <translation>Gegenüber dem anderen Fluss: %1</translation>
    </message>
    <message>
        <source>Decoder attention entropy: mean %1 of the maximum</source>
        <translation>Entropie der Decoder-Attention: im Mittel %1 des Maximums</translation>
    </message>
    <message>
        <source>; correlation with the error: Pearson %1, Spearman %2</source>
        <translation>; Korrelation mit dem Fehler: Pearson %1, Spearman %2</translation>
    </message>
    <message>
        <source>Track %1: (%2, %3) → (%4, %5) over %6 frames</source>
        <translation>Spur %1: (%2, %3) → (%4, %5) über %6 Bilder</translation>
    </message>
    <message>
        <source>, lost: %1</source>
        <translation>, verloren: %1</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Zurückverfolgen</translation>
    </message>
    <message>
        <source>Sums: decoder per head %1 … %2, latents %3, inputs %4 (each hop is a distribution)</source>
        <translation>Summen: Decoder je Kopf %1 … %2, Latents %3, Eingaben %4 (jeder Schritt ist eine Verteilung)</translation>
    </message>
    <message>
        <source>Attributions</source>
        <translation>Attributionen</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Eingriff</translation>
    </message>
    <message>
        <source>Flow with the intervention against the unmodified flow: end-point error %1 px on average, %2 px at most; %3 % of pixels moved by less than 1 px</source>
        <translation>Fluss mit dem Eingriff gegen den unveränderten Fluss: Endpunktfehler im Mittel %1 px, höchstens %2 px; %3 % der Pixel um weniger als 1 px verschoben</translation>
    </message>
    <message>
        <source>Reconstruction of the first window: %1 dB unmodified, %2 dB with the intervention (%3 dB)</source>
        <translation>Rekonstruktion des ersten Fensters: %1 dB unverändert, %2 dB mit dem Eingriff (%3 dB)</translation>
    </message>
    <message>
        <source>Audio: the reconstructed samples moved by %1 on average (of -1 … 1)</source>
        <translation>Audio: die rekonstruierten Samples verschoben sich im Mittel um %1 (von -1 … 1)</translation>
    </message>
    <message>
        <source>Rank latents</source>
        <translation>Latents ordnen</translation>
    </message>
    <message>
        <source>Export numbers</source>
        <translation>Zahlen exportieren</translation>
    </message>
    <message>
        <source>%1 — %2 left</source>
        <translation>%1 – noch %2</translation>
    </message>
    <message>
        <source>about %1 s</source>
        <translation>etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>etwa %1 min</translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>etwa %1 h %2 min</translation>
    </message>
    <message>
        <source>Flow views</source>
        <translation>Flussansichten</translation>
    </message>
    <message>
        <source>Read flow file</source>
        <translation>Flussdatei lesen</translation>
    </message>
    <message>
        <source>Classify text</source>
        <translation>Text klassifizieren</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Feinabstimmung</translation>
    </message>
    <message>
        <source>Write example images</source>
        <translation>Beispielbilder schreiben</translation>
    </message>
</context>
<context>
    <name>studio::TaskPage</name>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Models that can run this task. Open the model manager to download or add more.</source>
        <translation>Modelle, die diese Aufgabe ausführen können. Weitere im Modellverwalter herunterladen oder hinzufügen.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Run the model on the input (Ctrl+Enter)</source>
        <translation>Das Modell auf die Eingabe anwenden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>%1 (not downloaded)</source>
        <translation>%1 (nicht heruntergeladen)</translation>
    </message>
    <message>
        <source>No model for this task: open the model manager</source>
        <translation>Kein Modell für diese Aufgabe: Modellverwalter öffnen</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>Warten auf das Modell …</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>Noch nichts zu exportieren: zuerst das Modell ausführen.</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>„%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo model&lt;/b&gt;: a small model Perceiver Studio trained itself to show the task, not a DeepMind checkpoint. &lt;a href="models"&gt;Get the real checkpoints…&lt;/a&gt;</source>
        <translation>&lt;b&gt;Demo-Modell&lt;/b&gt;: ein kleines Modell, das Perceiver Studio selbst trainiert hat, um die Aufgabe zu zeigen – kein DeepMind-Checkpoint. &lt;a href="models"&gt;Die echten Checkpoints holen …&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Stop the running job within a second (Esc)</source>
        <translation>Den laufenden Auftrag binnen einer Sekunde anhalten (Esc)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>Der Auftrag ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>its input</source>
        <translation>seiner Eingabe</translation>
    </message>
    <message>
        <source>Result of %1 on %2.</source>
        <translation>Ergebnis von %1 für %2.</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the model and the input have changed since. Run again to update.</source>
        <translation>⚠ Veraltet: dieses Ergebnis stammt von %1 für %2; Modell und Eingabe haben sich seitdem geändert. Erneut ausführen zum Aktualisieren.</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the model has changed since. Run again to update.</source>
        <translation>⚠ Veraltet: dieses Ergebnis stammt von %1 für %2; das Modell hat sich seitdem geändert. Erneut ausführen zum Aktualisieren.</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the input has changed since. Run again to update.</source>
        <translation>⚠ Veraltet: dieses Ergebnis stammt von %1 für %2; die Eingabe hat sich seitdem geändert. Erneut ausführen zum Aktualisieren.</translation>
    </message>
    <message>
        <source>top </source>
        <translation>beste </translation>
    </message>
</context>
<context>
    <name>studio::TextClassifyPage</name>
    <message>
        <source>multi-label</source>
        <translation>Mehrfachklassen</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>Regression</translation>
    </message>
    <message>
        <source>single-label</source>
        <translation>Einzelklasse</translation>
    </message>
    <message>
        <source>Type or paste a text to classify, or open a text file.</source>
        <translation>Geben Sie einen Text zum Klassifizieren ein, fügen Sie ihn ein oder öffnen Sie eine Textdatei.</translation>
    </message>
    <message>
        <source>&amp;Open text…</source>
        <translation>Text ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Labels listed, best first</source>
        <translation>Aufgeführte Klassen, die besten zuerst</translation>
    </message>
    <message>
        <source>threshold </source>
        <translation>Schwelle </translation>
    </message>
    <message>
        <source>Multi-label models: the labels with a probability at or over this are predicted</source>
        <translation>Mehrfachklassen-Modelle: Klassen mit mindestens dieser Wahrscheinlichkeit werden vorhergesagt</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Open text</source>
        <translation>Text öffnen</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.csv *.tsv);;All files (*)</source>
        <translation>Textdateien (*.txt *.md *.csv *.tsv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot open text</source>
        <translation>Text kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>„%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>“%1” is %2 MB; this page opens texts of up to 16 MB.</source>
        <translation>„%1“ hat %2 MB; diese Seite öffnet Texte bis 16 MB.</translation>
    </message>
    <message>
        <source>“%1” is not a text file (it holds NUL bytes).</source>
        <translation>„%1“ ist keine Textdatei (sie enthält NUL-Bytes).</translation>
    </message>
    <message>
        <source>%1: %2 bytes</source>
        <translation>%1: %2 Bytes</translation>
    </message>
    <message>
        <source>Type a text to classify.</source>
        <translation>Geben Sie einen Text zum Klassifizieren ein.</translation>
    </message>
    <message>
        <source>%1 bytes: this model reads the first %2, so the last %3 will not count.</source>
        <translation>%1 Bytes: Dieses Modell liest die ersten %2, die letzten %3 zählen also nicht.</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 Bytes</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>%1 (%2 bytes), top %3</source>
        <translation>%1 (%2 Bytes), Top %3</translation>
    </message>
    <message>
        <source>No labels.</source>
        <translation>Keine Klassen.</translation>
    </message>
    <message>
        <source>Regression: %1</source>
        <translation>Regression: %1</translation>
    </message>
    <message>
        <source>Multi-label: no label reaches the threshold %1 (the highest: %2, %3 %).</source>
        <translation>Mehrfachklassen: Keine Klasse erreicht die Schwelle %1 (die höchste: %2, %3 %).</translation>
    </message>
    <message>
        <source>Multi-label: %1 (a probability of at least %2)</source>
        <translation>Mehrfachklassen: %1 (Wahrscheinlichkeit mindestens %2)</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>Read the first %1 of %2 bytes; the rest was left out.</source>
        <translation>Die ersten %1 von %2 Bytes gelesen; der Rest blieb außen vor.</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
</context>
<context>
    <name>studio::TrainPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start fine-tuning the model on the data (Ctrl+Enter)</source>
        <translation>Die Feinabstimmung des Modells auf den Daten starten (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop after the current step; the best evaluation so far stays kept (Esc)</source>
        <translation>Nach dem laufenden Schritt anhalten; die bisher beste Auswertung bleibt behalten (Esc)</translation>
    </message>
    <message>
        <source>Images: a folder with one sub-folder per class</source>
        <translation>Bilder: ein Ordner mit einem Unterordner je Klasse</translation>
    </message>
    <message>
        <source>Texts: a CSV / TSV with a “text” and a “label” column</source>
        <translation>Texte: eine CSV / TSV mit einer Spalte „text“ und „label“</translation>
    </message>
    <message>
        <source>DIR/&lt;class&gt;/… or DIR/train/&lt;class&gt; + DIR/val/&lt;class&gt;</source>
        <translation>ORDNER/&lt;Klasse&gt;/… oder ORDNER/train/&lt;Klasse&gt; + ORDNER/val/&lt;Klasse&gt;</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durchsuc&amp;hen …</translation>
    </message>
    <message>
        <source>Example data</source>
        <translation>Beispieldaten</translation>
    </message>
    <message>
        <source>Write a folder of four shapes the demo shapes model never saw (ring, diamond, bar, crescent) and use it</source>
        <translation>Einen Ordner mit vier Formen schreiben, die das Demo-Formenmodell nie gesehen hat (Ring, Raute, Balken, Sichel), und ihn verwenden</translation>
    </message>
    <message>
        <source>The share of each class held out for evaluation, when the data gives no split (train/ + val/)</source>
        <translation>Der Anteil jeder Klasse, der zur Auswertung zurückgehalten wird, wenn die Daten keine Aufteilung haben (train/ + val/)</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>Durchsuch&amp;en …</translation>
    </message>
    <message>
        <source>The head only, quick (encoder frozen)</source>
        <translation>Nur der Kopf, schnell (Encoder eingefroren)</translation>
    </message>
    <message>
        <source>The whole model (slower, learns more)</source>
        <translation>Das ganze Modell (langsamer, lernt mehr)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigene Werte</translation>
    </message>
    <message>
        <source>Steps between held-out evaluations (and attention snapshots)</source>
        <translation>Schritte zwischen den Auswertungen (und Aufmerksamkeitsbildern)</translation>
    </message>
    <message>
        <source>Freeze the encoder (train the decoder and head only)</source>
        <translation>Encoder einfrieren (nur Decoder und Kopf trainieren)</translation>
    </message>
    <message>
        <source>Augment images (crops, flips, brightness)</source>
        <translation>Bilder variieren (Ausschnitte, Spiegelung, Helligkeit)</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>&amp;Daten:</translation>
    </message>
    <message>
        <source>&amp;Held out:</source>
        <translation>&amp;Zurückgehalten:</translation>
    </message>
    <message>
        <source>Sa&amp;ve as:</source>
        <translation>Speichern &amp;unter:</translation>
    </message>
    <message>
        <source>Pr&amp;eset:</source>
        <translation>&amp;Vorgabe:</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>evaluate every</source>
        <translation>auswerten alle</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Pause between steps; press again to go on</source>
        <translation>Zwischen zwei Schritten anhalten; erneut drücken zum Weitermachen</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>F&amp;ortsetzen</translation>
    </message>
    <message>
        <source>Continue a stopped run from its kept checkpoint</source>
        <translation>Einen angehaltenen Lauf ab seinem behaltenen Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>held-out loss</source>
        <translation>Verlust (zurückgehalten)</translation>
    </message>
    <message>
        <source>held-out accuracy</source>
        <translation>Genauigkeit (zurückgehalten)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Held-out accuracy</source>
        <translation>Genauigkeit (zurückgehalten)</translation>
    </message>
    <message>
        <source>What the run loaded, re-initialised and kept appears here.</source>
        <translation>Was der Lauf geladen, neu initialisiert und behalten hat, steht hier.</translation>
    </message>
    <message>
        <source>Image folder (one sub-folder per class)</source>
        <translation>Bildordner (ein Unterordner je Klasse)</translation>
    </message>
    <message>
        <source>Labelled texts</source>
        <translation>Beschriftete Texte</translation>
    </message>
    <message>
        <source>CSV / TSV (*.csv *.tsv *.tab);;All files (*)</source>
        <translation>CSV / TSV (*.csv *.tsv *.tab);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save the fine-tuned model as (a folder)</source>
        <translation>Das feinabgestimmte Modell speichern unter (ein Ordner)</translation>
    </message>
    <message>
        <source>&amp;Go on</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1, %2 Schritte</translation>
    </message>
    <message>
        <source>Resuming from the checkpoint kept at step %1 (%2).</source>
        <translation>Fortsetzen ab dem bei Schritt %1 behaltenen Checkpoint (%2).</translation>
    </message>
    <message>
        <source>“%1” exists: the model goes to “%2”.</source>
        <translation>„%1“ gibt es schon: das Modell kommt nach „%2“.</translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %2 held-out examples%3, %n label(s): %4</source>
        <translation><numerusform>%1 Trainings- und %2 zurückgehaltene Beispiele%3, %n Klasse: %4</numerusform><numerusform>%1 Trainings- und %2 zurückgehaltene Beispiele%3, %n Klassen: %4</numerusform></translation>
    </message>
    <message>
        <source> (the data's own split)</source>
        <translation> (die Aufteilung der Daten)</translation>
    </message>
    <message>
        <source>Resumed at step %1 from %2.</source>
        <translation>Fortgesetzt bei Schritt %1 aus %2.</translation>
    </message>
    <message>
        <source>From %1: initialised anew (the labels differ): %2.</source>
        <translation>Aus %1: neu initialisiert (die Klassen unterscheiden sich): %2.</translation>
    </message>
    <message>
        <source>From %1: every weight loaded.</source>
        <translation>Aus %1: alle Gewichte geladen.</translation>
    </message>
    <message>
        <source>Not used from the start: %1.</source>
        <translation>Vom Startmodell nicht verwendet: %1.</translation>
    </message>
    <message>
        <source>Training %1 of %2 M parameters.</source>
        <translation>Trainiert werden %1 von %2 Mio. Parametern.</translation>
    </message>
    <message>
        <source>step %1: held-out accuracy %2, loss %3</source>
        <translation>Schritt %1: Genauigkeit (zurückgehalten) %2, Verlust %3</translation>
    </message>
    <message>
        <source> — kept</source>
        <translation> – behalten</translation>
    </message>
    <message>
        <source>Class “%1”, step %2: the model gives it %3 %.</source>
        <translation>Klasse „%1“, Schritt %2: das Modell gibt ihr %3 %.</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 Schritte/s</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>noch etwa %1</translation>
    </message>
    <message>
        <source>kept: step %1, accuracy %2</source>
        <translation>behalten: Schritt %1, Genauigkeit %2</translation>
    </message>
    <message>
        <source>Done: %1 steps in %2; kept step %3 (held-out accuracy %4). Saved to %5; it is on the task pages now.</source>
        <translation>Fertig: %1 Schritte in %2; behalten: Schritt %3 (Genauigkeit auf zurückgehaltenen Daten %4). Gespeichert in %5; es steht jetzt auf den Aufgabenseiten zur Wahl.</translation>
    </message>
    <message>
        <source>Stopped. The checkpoint of step %1 is kept in %2: Resume continues from it.</source>
        <translation>Angehalten. Der Checkpoint von Schritt %1 liegt in %2: Fortsetzen macht dort weiter.</translation>
    </message>
    <message>
        <source>pausing after this step…</source>
        <translation>hält nach diesem Schritt an …</translation>
    </message>
    <message>
        <source>Start from a fresh small model instead (random weights, the demo models' size)</source>
        <translation>Stattdessen mit einem frischen kleinen Modell beginnen (Zufallsgewichte, so groß wie die Demo-Modelle)</translation>
    </message>
    <message>
        <source>Nothing loaded: a model as small as the demo models, initialised as Hugging Face initialises one</source>
        <translation>Nichts wird geladen: ein Modell so klein wie die Demo-Modelle, initialisiert wie bei Hugging Face</translation>
    </message>
    <message>
        <source>It appears at the first evaluation</source>
        <translation>Erscheint bei der ersten Auswertung</translation>
    </message>
    <message>
        <source>What the class output reads of one held-out example</source>
        <translation>Was die Klassenausgabe von einem zurückgehaltenen Beispiel liest</translation>
    </message>
    <message>
        <source>The classifier's query traced through the latents to the input (as the inspector's Trace does): it changes as the head learns, the encoder frozen or not</source>
        <translation>Die Anfrage des Klassifikators durch die Latents zur Eingabe zurückverfolgt (wie „Verfolgen“ im Inspektor): sie ändert sich, während der Kopf lernt, ob der Encoder eingefroren ist oder nicht</translation>
    </message>
    <message>
        <source>The folder gives its split (train/ and val/): nothing else is held out</source>
        <translation>Der Ordner gibt seine Aufteilung vor (train/ und val/): sonst wird nichts zurückgehalten</translation>
    </message>
    <message>
        <source>Stopped before an evaluation past the start was kept: Start begins again.</source>
        <translation>Angehalten, bevor eine Auswertung nach dem Start behalten wurde: Starten beginnt von vorn.</translation>
    </message>
</context>
</TS>