<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Service</name>
    <message>
        <source>Latents to ablate</source>
        <translation>要消融的潜变量</translation>
    </message>
    <message>
        <source>Input positions to drop</source>
        <translation>要丢弃的输入位置</translation>
    </message>
    <message>
        <source>Audio samples to drop</source>
        <translation>要丢弃的音频采样</translation>
    </message>
    <message>
        <source>the input's layout</source>
        <translation>输入的布局</translation>
    </message>
    <message>
        <source>nothing to change: give heads to mask, latents to ablate or inputs to drop</source>
        <translation>没有可改变的内容：请给出要屏蔽的头、要消融的潜变量或要丢弃的输入</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Explore Perceiver and Perceiver IO models.</source>
        <translation>探索 Perceiver 与 Perceiver IO 模型。</translation>
    </message>
    <message>
        <source>LibTorch threads (default: all cores).</source>
        <translation>LibTorch 线程数（默认：全部核心）。</translation>
    </message>
    <message>
        <source>Images, videos, .flo files or model folders to open.</source>
        <translation>要打开的图像、视频、.flo 文件或模型文件夹。</translation>
    </message>
    <message>
        <source>Run each page's job on a full-size model with random weights, measure the longest stall of the window and the time a Cancel takes, print them and quit.</source>
        <translation>在每个页面上用随机权重的完整尺寸模型运行其任务，测量窗口最长的停顿和一次取消所需的时间，打印结果后退出。</translation>
    </message>
    <message>
        <source>With --bench-responsiveness: only these pages (%1).</source>
        <translation>与 --bench-responsiveness 一起使用：仅这些页面（%1）。</translation>
    </message>
    <message>
        <source>With --bench-responsiveness: print JSON.</source>
        <translation>与 --bench-responsiveness 一起使用：输出 JSON。</translation>
    </message>
</context>
<context>
    <name>studio::AttentionPage</name>
    <message>
        <source>Inspect the last run of this page, with its model</source>
        <translation>用其模型检查该页面的上次运行</translation>
    </message>
    <message>
        <source>Masked text: run it first</source>
        <translation>遮盖文本：请先运行</translation>
    </message>
    <message>
        <source>Image classification: run it first</source>
        <translation>图像分类：请先运行</translation>
    </message>
    <message>
        <source>Optical flow: run it first</source>
        <translation>光流：请先运行</translation>
    </message>
    <message>
        <source>Input from:</source>
        <translation>输入来源：</translation>
    </message>
    <message>
        <source>mean of heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>mean of latents</source>
        <translation>各潜变量平均</translation>
    </message>
    <message>
        <source>Attention &amp;rollout through the latent layers</source>
        <translation>贯穿潜变量层的注意力展开(&amp;R)</translation>
    </message>
    <message>
        <source>Weights latents by how much the output attends to them through every self-attention layer (Abnar &amp; Zuidema)</source>
        <translation>按输出经由各自注意力层对潜变量的关注程度加权（Abnar &amp; Zuidema）</translation>
    </message>
    <message>
        <source>Cross-attention (latents → input)</source>
        <translation>交叉注意力（潜变量 → 输入）</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>注意力头：</translation>
    </message>
    <message>
        <source>Latent:</source>
        <translation>潜变量：</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <source>Latent self-attention</source>
        <translation>潜变量自注意力</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Run a task page, pick it here and press Run to inspect its attention</source>
        <translation>先运行一个任务页面，在此选择它并点击运行以检查其注意力</translation>
    </message>
    <message>
        <source>Self-attention (latents × latents)</source>
        <translation>自注意力（潜变量 × 潜变量）</translation>
    </message>
    <message>
        <source>%1: %2 cross-attention head(s), %3 latents over %4 inputs; %5 self-attention layer(s).</source>
        <translation>%1：%2 个交叉注意力头，%3 个潜变量覆盖 %4 个输入；%5 层自注意力。</translation>
    </message>
    <message>
        <source>Autoencoding: run it first</source>
        <translation>自编码：请先运行</translation>
    </message>
    <message>
        <source>Video inputs: the frame of the window to overlay</source>
        <translation>视频输入：要叠加显示的窗口帧</translation>
    </message>
    <message>
        <source>Frame:</source>
        <translation>帧：</translation>
    </message>
    <message>
        <source>The window's audio (cyan) over the attention of its audio positions</source>
        <translation>窗口的音频（青色）叠加在其音频位置的注意力上</translation>
    </message>
    <message>
        <source>the first [MASK]</source>
        <translation>第一个 [MASK]</translation>
    </message>
    <message>
        <source>Text: the token whose prediction is traced (0 = the first byte; a [MASK] counts as one)</source>
        <translation>文本：要追溯其预测的词元（0 = 第一个字节；一个 [MASK] 算作一个）</translation>
    </message>
    <message>
        <source>A pixel (click the frame)</source>
        <translation>一个像素（点击画面）</translation>
    </message>
    <message>
        <source>An audio sample</source>
        <translation>一个音频采样</translation>
    </message>
    <message>
        <source>The label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Video: the audio sample of the window to trace</source>
        <translation>视频：要追溯的窗口音频采样</translation>
    </message>
    <message>
        <source>&amp;Trace</source>
        <translation>追溯(&amp;T)</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>词元：</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>输出：</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>采样：</translation>
    </message>
    <message>
        <source>Pick an output and press Trace: flow and video pixels by clicking the overlay.</source>
        <translation>选择一个输出并按“追溯”：光流与视频像素通过点击叠加图选择。</translation>
    </message>
    <message>
        <source>The input, weighted by how much the traced output reads it</source>
        <translation>输入，按被追溯的输出读取它的程度加权</translation>
    </message>
    <message>
        <source>Latents it reads most (through the rollout; click one for its own cross-attention):</source>
        <translation>它读取最多的潜变量（经由 rollout；点击一个查看它自己的交叉注意力）：</translation>
    </message>
    <message>
        <source>Input elements it reads:</source>
        <translation>它读取的输入元素：</translation>
    </message>
    <message>
        <source>Self-attention</source>
        <translation>自注意力</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <source>Traces the prediction at the token chosen.</source>
        <translation>追溯所选词元处的预测。</translation>
    </message>
    <message>
        <source>Traces the prediction: the classifier's one decoder query serves every class.</source>
        <translation>追溯预测：分类器唯一的解码器查询服务于所有类别。</translation>
    </message>
    <message>
        <source>Run the inspector, then click a pixel of the frame to trace its flow.</source>
        <translation>先运行检查器，再点击画面中的一个像素以追溯它的光流。</translation>
    </message>
    <message>
        <source>Run the inspector, then click a pixel of the frame, or pick the audio or the label.</source>
        <translation>先运行检查器，再点击画面中的一个像素，或选择音频或标签。</translation>
    </message>
    <message>
        <source>Traced %1. The model's output there: %2.</source>
        <translation>已追溯 %1。模型在该处的输出：%2。</translation>
    </message>
    <message>
        <source>Note: %1.</source>
        <translation>注意：%1。</translation>
    </message>
    <message>
        <source>latent %1 (decoder %2 %)</source>
        <translation>潜变量 %1（解码器 %2 %）</translation>
    </message>
    <message>
        <source>audio %1 % · video %2 % · label %3 %</source>
        <translation>音频 %1 % · 视频 %2 % · 标签 %3 %</translation>
    </message>
    <message>
        <source>Traced %1.</source>
        <translation>已追溯 %1。</translation>
    </message>
    <message>
        <source>Explain an output: trace it (output → latents → input) or attribute it</source>
        <translation>解释一个输出：追溯它（输出 → 潜变量 → 输入）或对它做归因</translation>
    </message>
    <message>
        <source>Integrated Gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>Gradient × input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>Integrated Gradients: the attributions add up to the output's change from the baseline</source>
        <translation>积分梯度：归因之和等于输出相对基线的变化</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>零</translation>
    </message>
    <message>
        <source>the input's mean</source>
        <translation>输入的均值</translation>
    </message>
    <message>
        <source>blurred (images, frames, flow)</source>
        <translation>模糊（图像、帧、光流）</translation>
    </message>
    <message>
        <source>&amp;Attribute</source>
        <translation>归因(&amp;A)</translation>
    </message>
    <message>
        <source>Which input elements drive the same output: gradients through the model (slower than a trace)</source>
        <translation>哪些输入元素驱动同一个输出：穿过模型的梯度（比追溯慢）</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>基线：</translation>
    </message>
    <message>
        <source>Attribute an output: which input elements drive it (the image shows |attribution|).</source>
        <translation>对一个输出做归因：哪些输入元素驱动它（图像显示 |归因|）。</translation>
    </message>
    <message>
        <source>The input, coloured by |attribution|</source>
        <translation>输入，按 |归因| 着色</translation>
    </message>
    <message>
        <source>Attributions</source>
        <translation>归因</translation>
    </message>
    <message>
        <source>%1, by %2.
f(x) = %3, f(baseline) = %4; the attributions sum to %5 (completeness error %6 %).</source>
        <translation>%1，方法：%2。
f(x) = %3，f(基线) = %4；归因之和为 %5（完备性误差 %6 %）。</translation>
    </message>
    <message>
        <source>Attributed %1.</source>
        <translation>已对 %1 做归因。</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>e.g. 0:1, 2:3</source>
        <translation>例如 0:1, 2:3</translation>
    </message>
    <message>
        <source>Self-attention heads to mask, as LAYER:HEAD (layer within a block; every block)</source>
        <translation>要屏蔽的自注意力头，格式为 层:头（块内的层；每个块）</translation>
    </message>
    <message>
        <source>e.g. 3, 7-9</source>
        <translation>例如 3, 7-9</translation>
    </message>
    <message>
        <source>Latents to set to zero after the chosen layer</source>
        <translation>在所选层之后置零的潜变量</translation>
    </message>
    <message>
        <source>the cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Where the latents are zeroed: after the cross-attention (0) or after self-attention layer K</source>
        <translation>潜变量在何处置零：交叉注意力之后（0）或第 K 层自注意力之后</translation>
    </message>
    <message>
        <source>e.g. 0-99</source>
        <translation>例如 0-99</translation>
    </message>
    <message>
        <source>Input positions the latents may not read (text: token k + 1; images: row-major over the token grid)</source>
        <translation>潜变量不得读取的输入位置（文本：第 k 个词元为 k + 1；图像：按行遍历词元网格）</translation>
    </message>
    <message>
        <source>x, y, width, height</source>
        <translation>x, y, 宽, 高</translation>
    </message>
    <message>
        <source>A rectangle of the input as shown (image, flow window, every video frame) the latents may not read</source>
        <translation>所示输入中潜变量不得读取的矩形（图像、光流窗口、每个视频帧）</translation>
    </message>
    <message>
        <source>e.g. 0-4095</source>
        <translation>例如 0-4095</translation>
    </message>
    <message>
        <source>Video: the audio samples of the window the latents may not read</source>
        <translation>视频：潜变量不得读取的窗口音频采样</translation>
    </message>
    <message>
        <source>Drop the label input</source>
        <translation>丢弃标签输入</translation>
    </message>
    <message>
        <source>The 5 latents the trace reads most</source>
        <translation>追踪读取最多的 5 个潜变量</translation>
    </message>
    <message>
        <source>Fills in the latents of the last trace with the largest weight</source>
        <translation>填入最近一次追踪中权重最大的潜变量</translation>
    </message>
    <message>
        <source>&amp;Compare with the unmodified run</source>
        <translation>与未修改的运行比较(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Rank latents by effect</source>
        <translation>按影响排列潜变量(&amp;R)</translation>
    </message>
    <message>
        <source>Zeroes each latent in turn (after the layer chosen) and measures the output a trace would take</source>
        <translation>依次将每个潜变量置零（在所选层之后），并测量追踪所取的输出</translation>
    </message>
    <message>
        <source>Mask heads:</source>
        <translation>屏蔽注意力头：</translation>
    </message>
    <message>
        <source>Ablate latents:</source>
        <translation>消融潜变量：</translation>
    </message>
    <message>
        <source>After layer:</source>
        <translation>在此层之后：</translation>
    </message>
    <message>
        <source>Drop inputs:</source>
        <translation>丢弃输入：</translation>
    </message>
    <message>
        <source>Drop a region:</source>
        <translation>丢弃区域：</translation>
    </message>
    <message>
        <source>Drop audio:</source>
        <translation>丢弃音频：</translation>
    </message>
    <message>
        <source>every latent</source>
        <translation>每个潜变量</translation>
    </message>
    <message>
        <source>the </source>
        <translation>最多 </translation>
    </message>
    <message>
        <source> the last trace reads most</source>
        <translation> 个（最近一次追踪读取最多的）</translation>
    </message>
    <message>
        <source>A full-size model has hundreds of latents, each ablation a pass through the later layers: rank the ones the trace reads most</source>
        <translation>全尺寸模型有数百个潜变量，每次消融都要再经过后面的各层：只排列追踪读取最多的那些</translation>
    </message>
    <message>
        <source>Change the model's internals and see what changes: the difference against the unmodified run.</source>
        <translation>修改模型内部并查看发生的变化：与未修改运行的差异。</translation>
    </message>
    <message>
        <source>Trace an output first: its latents fill this in.</source>
        <translation>请先追踪一个输出：会用它的潜变量填入此处。</translation>
    </message>
    <message>
        <source>Drop a region: four whole numbers x, y, width, height, got '%1'.</source>
        <translation>丢弃区域：需要四个整数 x, y, 宽, 高，得到的是“%1”。</translation>
    </message>
    <message>
        <source>Trace an output of this input first: its latents are the ones ranked.</source>
        <translation>请先追踪此输入的一个输出：排列的就是它的潜变量。</translation>
    </message>
    <message>
        <source>With %1, against the unmodified run:</source>
        <translation>在 %1 的情况下，与未修改的运行相比：</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Unmodified</source>
        <translation>未修改</translation>
    </message>
    <message>
        <source>With the intervention</source>
        <translation>干预后</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>%1 the top %2 points; the largest change of any %3 points</source>
        <translation>%1 首位变化 %2 个百分点；任一项的最大变化 %3 个百分点</translation>
    </message>
    <message>
        <source>&lt;b&gt;New top.&lt;/b&gt;</source>
        <translation>&lt;b&gt;首位改变。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Same top;</source>
        <translation>首位不变；</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>PSNR unmodified</source>
        <translation>未修改的 PSNR</translation>
    </message>
    <message>
        <source>PSNR with the intervention</source>
        <translation>干预后的 PSNR</translation>
    </message>
    <message>
        <source>ΔPSNR</source>
        <translation>ΔPSNR</translation>
    </message>
    <message>
        <source>The unmodified flow</source>
        <translation>未修改的光流</translation>
    </message>
    <message>
        <source>Frame 0 reconstructed by the unmodified model</source>
        <translation>未修改模型重建的第 0 帧</translation>
    </message>
    <message>
        <source>The flow with the intervention (same colour scale)</source>
        <translation>干预后的光流（相同色标）</translation>
    </message>
    <message>
        <source>Frame 0 reconstructed with the intervention</source>
        <translation>干预后重建的第 0 帧</translation>
    </message>
    <message>
        <source>End-point error between the two flows</source>
        <translation>两个光流之间的端点误差</translation>
    </message>
    <message>
        <source>Frame 0 as the model saw it</source>
        <translation>模型所见的第 0 帧</translation>
    </message>
    <message>
        <source>Unmodified flow · with the intervention (one colour scale) · the end-point error between them</source>
        <translation>未修改的光流 · 干预后（同一色标）· 二者之间的端点误差</translation>
    </message>
    <message>
        <source>Frame 0: unmodified reconstruction · with the intervention · the input</source>
        <translation>第 0 帧：未修改的重建 · 干预后 · 输入</translation>
    </message>
    <message>
        <source>Compared: %1.</source>
        <translation>已比较：%1。</translation>
    </message>
    <message>
        <source>latent %1: %2 → %3</source>
        <translation>潜变量 %1：%2 → %3</translation>
    </message>
    <message>
        <source>%1 = %2 unmodified; |change| with each of the %3 latents zeroed after layer %4 (a click ablates it):</source>
        <translation>%1 = %2（未修改）；在第 %4 层之后依次将 %3 个潜变量置零时的 |变化|（点击即消融该潜变量）：</translation>
    </message>
    <message>
        <source>Ranked %1 latents by their effect on %2.</source>
        <translation>已按对 %2 的影响排列 %1 个潜变量。</translation>
    </message>
    <message>
        <source>attending latent</source>
        <translation>发起注意的潜变量</translation>
    </message>
    <message>
        <source>attended latent</source>
        <translation>被注意的潜变量</translation>
    </message>
    <message>
        <source>Export numbers…</source>
        <translation>导出数值…</translation>
    </message>
    <message>
        <source>The numbers shown: the self-attention matrix on its tab, else the input weights (NumPy .npy or CSV)</source>
        <translation>所显示的数值：在自注意力页上为该矩阵，否则为输入权重（NumPy .npy 或 CSV）</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>尚无可导出内容：请先运行模型。</translation>
    </message>
    <message>
        <source>Export numbers</source>
        <translation>导出数值</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy);;CSV (*.csv)</source>
        <translation>NumPy 数组 (*.npy);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>PNG at %1×</source>
        <translation>PNG %1×</translation>
    </message>
    <message>
        <source>Export PNG at this multiple (each value a square), with a title and the colour bar</source>
        <translation>按此倍数导出 PNG（每个值为一个方块），附带标题和色条</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <source>Latent self-attention, layer %1, %2 — %3</source>
        <translation>潜变量自注意力，第 %1 层，%2 — %3</translation>
    </message>
    <message>
        <source>latent %1</source>
        <translation>潜变量 %1</translation>
    </message>
    <message>
        <source>Cross-attention, %1, %2</source>
        <translation>交叉注意力，%1，%2</translation>
    </message>
    <message>
        <source>, through attention rollout</source>
        <translation>，经注意力展开（rollout）</translation>
    </message>
    <message>
        <source>, frame %1</source>
        <translation>，第 %1 帧</translation>
    </message>
</context>
<context>
    <name>studio::AutoencodePage</name>
    <message>
        <source>&amp;Open video…</source>
        <translation>打开视频(&amp;O)…</translation>
    </message>
    <message>
        <source>decode in </source>
        <translation>解码分为 </translation>
    </message>
    <message>
        <source> chunks</source>
        <translation> 块</translation>
    </message>
    <message>
        <source>Output points are decoded in this many chunks per window (DeepMind's demo uses 128); more chunks need less memory</source>
        <translation>每个窗口的输出点分成这么多块解码（DeepMind 的演示使用 128）；块越多占用内存越少</translation>
    </message>
    <message>
        <source>No video yet.</source>
        <translation>尚无视频。</translation>
    </message>
    <message>
        <source>What the model saw</source>
        <translation>模型看到的内容</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>Hear the reconstruction</source>
        <translation>听重建音频</translation>
    </message>
    <message>
        <source>Hear the original</source>
        <translation>听原始音频</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Export MP4…</source>
        <translation>导出 MP4…</translation>
    </message>
    <message>
        <source>Export WAV…</source>
        <translation>导出 WAV…</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>尚无可导出内容：请先运行模型。</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>导出视频</translation>
    </message>
    <message>
        <source>Reconstruction (*.mp4);;Side by side (*.mp4)</source>
        <translation>重建 (*.mp4);;并排 (*.mp4)</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Export audio</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <source>WAV audio (*.wav)</source>
        <translation>WAV 音频 (*.wav)</translation>
    </message>
    <message>
        <source>Cannot open video</source>
        <translation>无法打开视频</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>“%1”不存在。</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s), %1 frames reconstructed.</source>
        <translation><numerusform>%n 个窗口，已重建 %1 帧。</numerusform></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>无法写入“%1”：%2。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Label &amp;names…</source>
        <translation>标签名称(&amp;N)…</translation>
    </message>
    <message>
        <source>A file with the class names, one per line (the multimodal checkpoint predicts Kinetics-700 classes, which its config does not name)</source>
        <translation>包含类别名称的文件，每行一个（多模态检查点预测 Kinetics-700 类别，其配置中没有名称）</translation>
    </message>
    <message>
        <source>Label names</source>
        <translation>标签名称</translation>
    </message>
    <message>
        <source>Label files (*.txt *.json);;All files (*)</source>
        <translation>标签文件 (*.txt *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Videos (%1);;All files (*)</source>
        <translation>视频 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a video (or drop it here)</source>
        <translation>打开视频（或拖放到此处）</translation>
    </message>
    <message>
        <source>The reconstruction appears here after Run</source>
        <translation>运行后重建结果显示在此处</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play both videos in sync (Ctrl+P); at the end, Play starts over</source>
        <translation>同步播放两个视频（Ctrl+P）；播放到结尾时再按播放将从头开始</translation>
    </message>
    <message>
        <source>One frame back (Ctrl+Left)</source>
        <translation>后退一帧（Ctrl+左）</translation>
    </message>
    <message>
        <source>One frame forward (Ctrl+Right)</source>
        <translation>前进一帧（Ctrl+右）</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <source>&amp;Loop</source>
        <translation>循环(&amp;L)</translation>
    </message>
    <message>
        <source>Window (frames)</source>
        <translation>窗口（帧）</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR（dB）</translation>
    </message>
    <message>
        <source>Click a window to show its first frame</source>
        <translation>单击某个窗口以显示其第一帧</translation>
    </message>
    <message>
        <source>%1 (%2–%3)</source>
        <translation>%1（%2–%3）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>frame %1 / %2 · %3 s</source>
        <translation>第 %1 / %2 帧 · %3 秒</translation>
    </message>
    <message>
        <source>Mean PSNR: %1 dB</source>
        <translation>平均 PSNR：%1 dB</translation>
    </message>
    <message>
        <source>Reconstruction: window %1 from 1/%2 of its points…</source>
        <translation>重建：窗口 %1，由其 1/%2 的点生成…</translation>
    </message>
    <message>
        <source>Reconstruction: window %1 decoded</source>
        <translation>重建：窗口 %1 已解码</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Predicted labels (mean over the windows)</source>
        <translation>预测的标签（各窗口的平均）</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2 %）</translation>
    </message>
</context>
<context>
    <name>studio::ClassifyPage</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Use the image on the clipboard (Ctrl+Shift+V)</source>
        <translation>使用剪贴板中的图像（Ctrl+Shift+V）</translation>
    </message>
    <message>
        <source>Open, drop or paste an image</source>
        <translation>打开、拖入或粘贴图像</translation>
    </message>
    <message>
        <source>The crop the model sees</source>
        <translation>模型看到的裁剪图像</translation>
    </message>
    <message>
        <source>Exactly what the classifier receives: centre crop, bicubic resize, before normalisation</source>
        <translation>分类器收到的确切内容：中心裁剪、双三次缩放，归一化之前</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>What the model sees</source>
        <translation>模型看到的内容</translation>
    </message>
    <message>
        <source>Top classes</source>
        <translation>最可能的类别</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Cannot read “%1” as an image: %2.</source>
        <translation>无法将“%1”读取为图像：%2。</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <source>%1: %2 × %3 pixels</source>
        <translation>%1：%2 × %3 像素</translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation>%1：%2（%3 %）</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 (%2 × %3 px), top %4</source>
        <translation>%1（%2 × %3 像素），前 %4</translation>
    </message>
</context>
<context>
    <name>studio::FillMaskPage</name>
    <message>
        <source>Type a text, select a span and press Mask selection (Ctrl+M), or type [MASK] for each byte to predict.</source>
        <translation>输入文本，选中一段后按“遮盖所选”（Ctrl+M），或为每个要预测的字节输入 [MASK]。</translation>
    </message>
    <message>
        <source>&amp;Mask selection</source>
        <translation>遮盖所选(&amp;M)</translation>
    </message>
    <message>
        <source>Replace the selected text by one [MASK] per UTF-8 byte (Ctrl+M)</source>
        <translation>将所选文本替换为每个 UTF-8 字节一个 [MASK]（Ctrl+M）</translation>
    </message>
    <message>
        <source>Alternatives listed per masked byte</source>
        <translation>每个被遮盖字节列出的候选数</translation>
    </message>
    <message>
        <source>&amp;Use filled text</source>
        <translation>使用填充后的文本(&amp;U)</translation>
    </message>
    <message>
        <source>Replace the editor's text by the filled text</source>
        <translation>用填充后的文本替换编辑器中的文本</translation>
    </message>
    <message>
        <source>The filled text appears here, predicted bytes highlighted.</source>
        <translation>填充后的文本显示在此，预测的字节会高亮。</translation>
    </message>
    <message>
        <source>Masked byte</source>
        <translation>被遮盖的字节</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Double-click an alternative to put it into the editor</source>
        <translation>双击候选项将其放入编辑器</translation>
    </message>
    <message>
        <source>Select the text to mask first.</source>
        <translation>请先选择要遮盖的文本。</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) masked.</source>
        <translation><numerusform>已遮盖 %n 个字节。</numerusform></translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>字节 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n masked byte(s) predicted.</source>
        <translation><numerusform>已预测 %n 个被遮盖的字节。</numerusform></translation>
    </message>
    <message>
        <source>This alternative is a special token or part of a multi-byte character; use the filled text instead.</source>
        <translation>此候选项是特殊标记或多字节字符的一部分；请改用填充后的文本。</translation>
    </message>
    <message>
        <source>The text changed since the run; run again to accept alternatives.</source>
        <translation>文本自运行后已更改；请重新运行以采用候选项。</translation>
    </message>
    <message>
        <source>Accepted “%1”.</source>
        <translation>已采用“%1”。</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1: %2 over this model's limit. Shorten the text to run.</source>
        <translation>%1：超出该模型上限 %2。请缩短文本后再运行。</translation>
    </message>
    <message>
        <source>%1. No [MASK] yet, so nothing to predict: select text and press Mask selection (Ctrl+M).</source>
        <translation>%1。尚无 [MASK]，没有可预测的内容：选中文本并按“遮盖所选”（Ctrl+M）。</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n masked.</source>
        <translation><numerusform>%1，已遮盖 %n 个。</numerusform></translation>
    </message>
    <message>
        <source>“%1” (%2 bytes), top %3</source>
        <translation>“%1”（%2 字节），前 %3</translation>
    </message>
</context>
<context>
    <name>studio::FlowLegend</name>
    <message>
        <source>Direction and speed</source>
        <translation>方向与速度</translation>
    </message>
    <message>
        <source>px</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>rim: %1 %2</source>
        <translation>边缘：%1 %2</translation>
    </message>
</context>
<context>
    <name>studio::FlowPage</name>
    <message>
        <source>Open &amp;frames…</source>
        <translation>打开帧(&amp;F)…</translation>
    </message>
    <message>
        <source>Choose two images of the same size</source>
        <translation>选择两张相同尺寸的图像</translation>
    </message>
    <message>
        <source>Open &amp;video…</source>
        <translation>打开视频(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Ground truth…</source>
        <translation>真值(&amp;G)…</translation>
    </message>
    <message>
        <source>A Middlebury .flo file to compare against (end-point error)</source>
        <translation>用于比较的 Middlebury .flo 文件（端点误差）</translation>
    </message>
    <message>
        <source>at most </source>
        <translation>最多 </translation>
    </message>
    <message>
        <source> pairs</source>
        <translation> 对</translation>
    </message>
    <message>
        <source>Frame pairs computed from a video</source>
        <translation>从视频计算的帧对数</translation>
    </message>
    <message>
        <source>No frames yet.</source>
        <translation>尚无帧。</translation>
    </message>
    <message>
        <source>Colour (with wheel legend)</source>
        <translation>颜色（带色轮图例）</translation>
    </message>
    <message>
        <source>Magnitude</source>
        <translation>幅值</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>End-point error</source>
        <translation>端点误差</translation>
    </message>
    <message>
        <source>&amp;Arrows</source>
        <translation>箭头(&amp;A)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Distance between arrows</source>
        <translation>箭头间距</translation>
    </message>
    <message>
        <source>Frame pair of the video</source>
        <translation>视频的帧对</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export .flo…</source>
        <translation>导出 .flo…</translation>
    </message>
    <message>
        <source>Export MP4…</source>
        <translation>导出 MP4…</translation>
    </message>
    <message>
        <source>Open two frames or a video (or drop them here), then Run</source>
        <translation>打开两帧或一个视频（或拖到此处），然后运行</translation>
    </message>
    <message>
        <source>Hover over the flow to read (u, v).</source>
        <translation>将鼠标悬停在光流上以读取 (u, v)。</translation>
    </message>
    <message>
        <source>Open two frames</source>
        <translation>打开两帧</translation>
    </message>
    <message>
        <source>Two frames needed</source>
        <translation>需要两帧</translation>
    </message>
    <message>
        <source>Choose exactly two images (you chose %1).</source>
        <translation>请恰好选择两张图像（您选择了 %1 张）。</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Ground-truth flow</source>
        <translation>真值光流</translation>
    </message>
    <message>
        <source>Middlebury flow (*.flo)</source>
        <translation>Middlebury 光流 (*.flo)</translation>
    </message>
    <message>
        <source>Cannot open frame</source>
        <translation>无法打开帧</translation>
    </message>
    <message>
        <source>Cannot read “%1” as an image: %2.</source>
        <translation>无法将“%1”读取为图像：%2。</translation>
    </message>
    <message>
        <source>First frame: %1. Drop or open the second.</source>
        <translation>第一帧：%1。请拖入或打开第二帧。</translation>
    </message>
    <message>
        <source>Two frames, %1 × %2</source>
        <translation>两帧，%1 × %2</translation>
    </message>
    <message>
        <source>Frames differ in size</source>
        <translation>帧尺寸不同</translation>
    </message>
    <message>
        <source>The frames must have the same size: %1 × %2 and %3 × %4.</source>
        <translation>两帧尺寸必须相同：%1 × %2 与 %3 × %4。</translation>
    </message>
    <message>
        <source>%1 and %2, %3 × %4</source>
        <translation>%1 和 %2，%3 × %4</translation>
    </message>
    <message>
        <source>Cannot open video</source>
        <translation>无法打开视频</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>“%1”不存在。</translation>
    </message>
    <message>
        <source>Video: %1</source>
        <translation>视频：%1</translation>
    </message>
    <message numerus="yes">
        <source>Flow of %n pair(s); end-point error %1 px.</source>
        <translation><numerusform>%n 对帧的光流；端点误差 %1 像素。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Flow of %n pair(s); largest motion %1 px.</source>
        <translation><numerusform>%n 对帧的光流；最大运动 %1 像素。</numerusform></translation>
    </message>
    <message>
        <source>pair %1  (x %2, y %3)  u = %4 px, v = %5 px, |flow| = %6 px</source>
        <translation>第 %1 对  (x %2, y %3)  u = %4 像素, v = %5 像素, |光流| = %6 像素</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>尚无可导出内容：请先运行模型。</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>导出光流</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>导出视频</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Videos (%1);;All files (*)</source>
        <translation>视频 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Flow files (*.flo *.png);;Middlebury flow (*.flo);;KITTI flow, 16-bit PNG (*.png)</source>
        <translation>光流文件 (*.flo *.png);;Middlebury 光流 (*.flo);;KITTI 光流，16 位 PNG (*.png)</translation>
    </message>
    <message>
        <source>Co&amp;mpare with…</source>
        <translation>比较(&amp;M)…</translation>
    </message>
    <message>
        <source>Another method's flow for this pair (.flo or KITTI PNG): shown beside ours, with the difference</source>
        <translation>另一方法对这对帧的光流（.flo 或 KITTI PNG）：与我们的并排显示，并给出差异</translation>
    </message>
    <message>
        <source>&amp;Consistency</source>
        <translation>一致性(&amp;C)</translation>
    </message>
    <message>
        <source>Also compute the flow from frame 2 to frame 1 and mark the pixels that fail the forward–backward check (occlusions)</source>
        <translation>同时计算从第 2 帧到第 1 帧的光流，并标出未通过前向–后向检查的像素（遮挡）</translation>
    </message>
    <message>
        <source>&amp;Entropy</source>
        <translation>熵(&amp;E)</translation>
    </message>
    <message>
        <source>Per pixel, how spread the decoder's attention over the latents is: where the model is unsure</source>
        <translation>逐像素显示解码器对潜变量的注意力有多分散：即模型不确定之处</translation>
    </message>
    <message>
        <source>Flow to compare with</source>
        <translation>用于比较的光流</translation>
    </message>
    <message>
        <source>Frame 2 warped back (magenta: outside)</source>
        <translation>第 2 帧反向变形（品红：画面外）</translation>
    </message>
    <message>
        <source>Photometric error |I1 − warp(I2)|</source>
        <translation>光度误差 |I1 − warp(I2)|</translation>
    </message>
    <message>
        <source>Forward–backward check (red: inconsistent)</source>
        <translation>前向–后向检查（红色：不一致）</translation>
    </message>
    <message>
        <source>KITTI error image</source>
        <translation>KITTI 误差图</translation>
    </message>
    <message>
        <source>The other flow</source>
        <translation>另一光流</translation>
    </message>
    <message>
        <source>Difference to the other flow</source>
        <translation>与另一光流的差异</translation>
    </message>
    <message>
        <source>Decoder attention entropy</source>
        <translation>解码器注意力熵</translation>
    </message>
    <message>
        <source>Open fol&amp;der…</source>
        <translation>打开文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>A folder of numbered frames (frame_0001.png, frame_0002.png, …), read as a video</source>
        <translation>一个编号帧的文件夹（frame_0001.png、frame_0002.png、…），按视频读取</translation>
    </message>
    <message>
        <source>&amp;Track points</source>
        <translation>跟踪点(&amp;T)</translation>
    </message>
    <message>
        <source>Click points on the video's first frame, then Run: each point is moved through the video by the flow (with Consistency ticked, a point stops where the forward–backward check fails)</source>
        <translation>在视频第一帧上点击选点，然后运行：每个点都由光流带着穿过视频（勾选一致性时，点会在前向–后向检查失败处停止）</translation>
    </message>
    <message>
        <source>Clear points</source>
        <translation>清除点</translation>
    </message>
    <message>
        <source>The chosen view of every pair as a video</source>
        <translation>将每对帧的所选视图导出为视频</translation>
    </message>
    <message>
        <source>Export tracks CSV…</source>
        <translation>导出轨迹 CSV…</translation>
    </message>
    <message>
        <source>Open a folder of frames</source>
        <translation>打开帧文件夹</translation>
    </message>
    <message>
        <source>Click points on the first frame.</source>
        <translation>在第一帧上点击选点。</translation>
    </message>
    <message>
        <source>Frames in %1</source>
        <translation>%1 中的帧</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s): %1</source>
        <translation><numerusform>%n 个点：%1</numerusform></translation>
    </message>
    <message>
        <source>No tracks yet: tick Track points, click points on the first frame, then Run.</source>
        <translation>尚无轨迹：勾选“跟踪点”，在第一帧上点击选点，然后运行。</translation>
    </message>
    <message>
        <source>Export tracks</source>
        <translation>导出轨迹</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>无法写入“%1”：%2。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Point tracks</source>
        <translation>点轨迹</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is open: press Run to compute the flow of its frame pairs</source>
        <translation>已打开 %1：按“运行”计算其各帧对的光流</translation>
    </message>
    <message>
        <source>%1, at most %2 pairs</source>
        <translation>%1，最多 %2 对</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>真值</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>与之比较</translation>
    </message>
    <message>
        <source>A flow file is compared with a frame pair, not with a video's pairs: open two frames.</source>
        <translation>流文件只能与一对帧比较，不能与视频的帧对比较：请打开两帧。</translation>
    </message>
    <message>
        <source>Comparing with %1…</source>
        <translation>正在与 %1 比较…</translation>
    </message>
    <message>
        <source>Ground truth: %1 (open the frames it belongs to)</source>
        <translation>真值：%1（请打开它所属的帧）</translation>
    </message>
    <message>
        <source>Compare with: %1 (open the frames it belongs to)</source>
        <translation>与之比较：%1（请打开它所属的帧）</translation>
    </message>
    <message>
        <source>End-point error %1 px against %2.</source>
        <translation>相对 %2 的端点误差 %1 像素。</translation>
    </message>
    <message>
        <source>Compared with %1.</source>
        <translation>已与 %1 比较。</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <source>“%1” is %2 × %3, the frames are %4 × %5: it is not this pair's flow.</source>
        <translation>“%1”为 %2 × %3，而帧为 %4 × %5：它不是这对帧的光流。</translation>
    </message>
    <message>
        <source>Ground truth: %1 (%2 × %3), compared when you run.</source>
        <translation>真值：%1（%2 × %3），运行时比较。</translation>
    </message>
    <message>
        <source>Compare with: %1 (%2 × %3), compared when you run.</source>
        <translation>与之比较：%1（%2 × %3），运行时比较。</translation>
    </message>
    <message>
        <source>Cannot use this flow file</source>
        <translation>无法使用此光流文件</translation>
    </message>
    <message>
        <source>true length</source>
        <translation>真实长度</translation>
    </message>
    <message>
        <source>length ×%1</source>
        <translation>长度 ×%1</translation>
    </message>
    <message>
        <source>How long an arrow is for its motion (the legend's reference arrow says it)</source>
        <translation>箭头相对其运动的长度（图例中的参考箭头标明）</translation>
    </message>
    <message>
        <source>PNG at %1×</source>
        <translation>PNG %1×</translation>
    </message>
    <message>
        <source>Export PNG: the view at this multiple of the frame size (each pixel a square), with the legend</source>
        <translation>导出 PNG：按帧尺寸的此倍数导出视图（每个像素为一个方块），附带图例</translation>
    </message>
    <message>
        <source>Speed |flow|</source>
        <translation>速度 |光流|</translation>
    </message>
    <message>
        <source>px</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>End-point error against the ground truth</source>
        <translation>相对真值的端点误差</translation>
    </message>
    <message>
        <source>%1 px of motion (true length)</source>
        <translation>%1 像素的运动（真实长度）</translation>
    </message>
    <message>
        <source>%1 px of motion (length ×%2)</source>
        <translation>%1 像素的运动（长度 ×%2）</translation>
    </message>
    <message numerus="yes">
        <source>First look: the pair scaled down to one window; %n window(s) at full resolution follow.</source>
        <translation><numerusform>初步预览：将这对图像缩小到一个窗口；随后计算 %n 个全分辨率窗口。</numerusform></translation>
    </message>
    <message>
        <source>Flow of %1 of %2 windows at full resolution, the first look elsewhere.</source>
        <translation>已计算 %2 个全分辨率窗口中的 %1 个，其余区域为初步预览。</translation>
    </message>
</context>
<context>
    <name>studio::ImageView</name>
    <message>
        <source>its format is not one this build reads (%1)</source>
        <translation>此版本无法读取其格式（可读取：%1）</translation>
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
        <translation>遮盖文本(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Image classification</source>
        <translation>图像分类(&amp;I)</translation>
    </message>
    <message>
        <source>Optical &amp;flow</source>
        <translation>光流(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Autoencoding</source>
        <translation>自编码(&amp;A)</translation>
    </message>
    <message>
        <source>Atte&amp;ntion</source>
        <translation>注意力(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Fill masked bytes with PerceiverForMaskedLM</source>
        <translation>用 PerceiverForMaskedLM 填充被遮盖的字节</translation>
    </message>
    <message>
        <source>Classify an image with the learned, Fourier or conv image classifier</source>
        <translation>用 learned、Fourier 或 conv 图像分类器对图像分类</translation>
    </message>
    <message>
        <source>Optical flow between two frames or through a video</source>
        <translation>两帧之间或整个视频的光流</translation>
    </message>
    <message>
        <source>Reconstruct video and audio with the multimodal autoencoder</source>
        <translation>用多模态自编码器重建视频与音频</translation>
    </message>
    <message>
        <source>Inspect the attention of the last run of a task</source>
        <translation>检查某任务上次运行的注意力</translation>
    </message>
    <message>
        <source>Download, find and open models; device and threads</source>
        <translation>下载、查找和打开模型；设备与线程</translation>
    </message>
    <message>
        <source>Waiting to download %1…</source>
        <translation>等待下载 %1…</translation>
    </message>
    <message>
        <source>Queued: another job is running…</source>
        <translation>排队中：另一个任务正在运行…</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Downloaded %1 (%2).</source>
        <translation>已下载 %1（%2）。</translation>
    </message>
    <message>
        <source>%1 is up to date.</source>
        <translation>%1 已是最新。</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image, a video, a .flo file or a model folder</source>
        <translation>打开图像、视频、.flo 文件或模型文件夹</translation>
    </message>
    <message>
        <source>Open &amp;model folder…</source>
        <translation>打开模型文件夹(&amp;M)…</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>A folder with config.json and the weights</source>
        <translation>包含 config.json 与权重的文件夹</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Perceiver Studio</source>
        <translation>关于 Perceiver Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Memory this process uses</source>
        <translation>本进程使用的内存</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n thread(s)</source>
        <translation><numerusform>%1，%n 个线程</numerusform></translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>内存：%1</translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation>不是模型文件夹</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation>“%1”不存在。</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>About Perceiver Studio</source>
        <translation>关于 Perceiver Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Perceiver Studio %1&lt;/h3&gt;&lt;p&gt;Explore DeepMind's Perceiver and Perceiver IO models exactly as Hugging Face Transformers defines them: masked text, image classification, optical flow, video and audio autoencoding, attention.&lt;/p&gt;&lt;p&gt;%2&lt;br&gt;Qt %3&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Perceiver Studio %1&lt;/h3&gt;&lt;p&gt;按照 Hugging Face Transformers 的定义探索 DeepMind 的 Perceiver 与 Perceiver IO 模型：遮盖文本、图像分类、光流、视频与音频自编码、注意力。&lt;/p&gt;&lt;p&gt;%2&lt;br&gt;Qt %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>Stop the running job and quit?</source>
        <translation>停止正在运行的任务并退出？</translation>
    </message>
    <message>
        <source>Class names from %1 (used from the next run).</source>
        <translation>类别名称来自 %1（从下次运行起使用）。</translation>
    </message>
    <message>
        <source>Cannot use these label names</source>
        <translation>无法使用这些标签名称</translation>
    </message>
    <message>
        <source>Warning: LibTorch uses the slow reference BLAS; install libopenblas0-pthread for ~10x faster models.</source>
        <translation>警告：LibTorch 正在使用缓慢的参考 BLAS；请安装 libopenblas0-pthread，模型可快约 10 倍。</translation>
    </message>
    <message>
        <source>Open &amp;samples</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <source>The samples are open; no demo model to run them with.</source>
        <translation>示例已打开；没有可运行它们的演示模型。</translation>
    </message>
    <message>
        <source>A sample input on every page, run with the built-in demo models</source>
        <translation>在每个页面放入示例输入，并用内置演示模型运行</translation>
    </message>
    <message>
        <source>No sample inputs found (resources/samples).</source>
        <translation>未找到示例输入（resources/samples）。</translation>
    </message>
    <message>
        <source>Everything Perceiver Studio opens (%1 %2 *.flo *.txt);;All files (*)</source>
        <translation>Perceiver Studio 可打开的所有文件 (%1 %2 *.flo *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Masked text, last run: %1</source>
        <translation>遮盖文本，上次运行：%1</translation>
    </message>
    <message>
        <source>Image classification, last run: %1</source>
        <translation>图像分类，上次运行：%1</translation>
    </message>
    <message>
        <source>Optical flow, last run (first window): %1</source>
        <translation>光流，上次运行（第一个窗口）：%1</translation>
    </message>
    <message>
        <source>Autoencoding, last run (first window): %1</source>
        <translation>自编码，上次运行（第一个窗口）：%1</translation>
    </message>
    <message>
        <source>Open samples</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <source>The masked-text editor holds your own text. Replace it with the sample text?</source>
        <translation>遮盖文本编辑器中是您自己的文本。要用示例文本替换吗？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep my text</source>
        <translation>保留我的文本(&amp;K)</translation>
    </message>
    <message>
        <source>“%1” does not exist any more; it is removed from the recent files.</source>
        <translation>“%1”已不存在，已从最近文件中移除。</translation>
    </message>
    <message>
        <source>The language changes when no job runs (or at the next start): switching rebuilds the pages.</source>
        <translation>没有任务运行时（或下次启动时）才会切换语言：切换会重建各页面。</translation>
    </message>
    <message>
        <source>Switch the language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <source>Switching the language rebuilds the pages: your inputs stay, the results shown are cleared. Switch now?</source>
        <translation>切换语言会重建各页面：您的输入保留，显示的结果将被清除。现在切换吗？</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Language switched.</source>
        <translation>已切换语言。</translation>
    </message>
    <message>
        <source>Queued behind %1: %2</source>
        <translation>排在 %1 之后：%2</translation>
    </message>
    <message>
        <source>Te&amp;xt classification</source>
        <translation>文本分类(&amp;X)</translation>
    </message>
    <message>
        <source>Classify a text with PerceiverForSequenceClassification</source>
        <translation>用 PerceiverForSequenceClassification 对文本分类</translation>
    </message>
    <message>
        <source>Text classification, last run: %1</source>
        <translation>文本分类，上次运行：%1</translation>
    </message>
    <message>
        <source>T&amp;rain</source>
        <translation>训练(&amp;R)</translation>
    </message>
    <message>
        <source>Fine-tune a classifier on your own images or texts and watch it learn</source>
        <translation>在自己的图像或文本上微调分类器，并观察它学习</translation>
    </message>
    <message>
        <source>Writing the example images…</source>
        <translation>正在写入示例图像…</translation>
    </message>
    <message>
        <source>Example data: four shapes the demo shapes model never saw (ring, diamond, bar, crescent), 40 training and 15 held-out images each, in %1. Press Start.</source>
        <translation>示例数据：演示形状模型从未见过的四种形状（环、菱形、条、月牙），每种 40 张训练图像和 15 张留出图像，位于 %1。请按“开始”。</translation>
    </message>
    <message>
        <source>Cannot write the example images</source>
        <translation>无法写入示例图像</translation>
    </message>
</context>
<context>
    <name>studio::MatrixView</name>
    <message>
        <source>latent %1 → latent %2: %3</source>
        <translation>潜变量 %1 → 潜变量 %2：%3</translation>
    </message>
</context>
<context>
    <name>studio::ModelManager</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>Fetch config and weights from the Hugging Face hub into its cache</source>
        <translation>从 Hugging Face Hub 获取配置与权重到其缓存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>A folder with config.json and model.safetensors / pytorch_model.bin</source>
        <translation>包含 config.json 与 model.safetensors / pytorch_model.bin 的文件夹</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Look again at the Hugging Face cache</source>
        <translation>重新查看 Hugging Face 缓存</translation>
    </message>
    <message>
        <source>LibTorch threads for inference (applies from the next job)</source>
        <translation>推理使用的 LibTorch 线程数（从下一个任务起生效）</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>on this machine</source>
        <translation>在本机</translation>
    </message>
    <message>
        <source>not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <source>%1 M (%2 MB)</source>
        <translation>%1 M（%2 MB）</translation>
    </message>
    <message>
        <source>Check for &amp;updates</source>
        <translation>检查更新(&amp;U)</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Where models run</source>
        <translation>模型运行的位置</translation>
    </message>
    <message>
        <source>This LibTorch build has no CUDA: models run on the CPU</source>
        <translation>此 LibTorch 构建不支持 CUDA：模型在 CPU 上运行</translation>
    </message>
    <message>
        <source>%1 k (%2 MB)</source>
        <translation>%1 k（%2 MB）</translation>
    </message>
</context>
<context>
    <name>studio::Service</name>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>Internal error of unknown kind.</source>
        <translation>未知类型的内部错误。</translation>
    </message>
    <message>
        <source>%1 (demo)</source>
        <translation>%1（演示）</translation>
    </message>
    <message>
        <source>“%1” is not a model folder: %2</source>
        <translation>“%1”不是模型文件夹：%2</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>填充遮盖</translation>
    </message>
    <message>
        <source>Classify image</source>
        <translation>图像分类</translation>
    </message>
    <message>
        <source>Optical flow</source>
        <translation>光流</translation>
    </message>
    <message>
        <source>Autoencode video</source>
        <translation>视频自编码</translation>
    </message>
    <message>
        <source>Attention maps</source>
        <translation>注意力图</translation>
    </message>
    <message>
        <source>Attention view</source>
        <translation>注意力视图</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>下载 %1</translation>
    </message>
    <message>
        <source>Export flow</source>
        <translation>导出光流</translation>
    </message>
    <message>
        <source>Export video</source>
        <translation>导出视频</translation>
    </message>
    <message>
        <source>Warp check: mean |I1 − warp(I2)| %1 grey levels; %2 % of the pixels map outside frame 2.</source>
        <translation>变形检查：平均 |I1 − warp(I2)| 为 %1 个灰度级；%2 % 的像素映射到第 2 帧之外。</translation>
    </message>
    <message>
        <source>Forward–backward check: %1 % inconsistent (%2 pixels), %3 % leave the frame.</source>
        <translation>前向–后向检查：%1 % 不一致（%2 个像素），%3 % 移出画面。</translation>
    </message>
    <message>
        <source>%1 px (&lt; 1 / 3 / 5 px: %2 / %3 / %4 %, Fl-all %5 %)</source>
        <translation>%1 像素（&lt; 1 / 3 / 5 像素：%2 / %3 / %4 %，Fl-all %5 %）</translation>
    </message>
    <message>
        <source>End-point error: %1</source>
        <translation>端点误差：%1</translation>
    </message>
    <message>
        <source>Against the other flow: %1</source>
        <translation>与另一光流相比：%1</translation>
    </message>
    <message>
        <source>Decoder attention entropy: mean %1 of the maximum</source>
        <translation>解码器注意力熵：平均为最大值的 %1</translation>
    </message>
    <message>
        <source>; correlation with the error: Pearson %1, Spearman %2</source>
        <translation>；与误差的相关性：Pearson %1，Spearman %2</translation>
    </message>
    <message>
        <source>Track %1: (%2, %3) → (%4, %5) over %6 frames</source>
        <translation>轨迹 %1：(%2, %3) → (%4, %5)，共 %6 帧</translation>
    </message>
    <message>
        <source>, lost: %1</source>
        <translation>，丢失：%1</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <source>Sums: decoder per head %1 … %2, latents %3, inputs %4 (each hop is a distribution)</source>
        <translation>总和：解码器每个头 %1 … %2，潜变量 %3，输入 %4（每一跳都是一个分布）</translation>
    </message>
    <message>
        <source>Attributions</source>
        <translation>归因</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>Flow with the intervention against the unmodified flow: end-point error %1 px on average, %2 px at most; %3 % of pixels moved by less than 1 px</source>
        <translation>干预后的光流与未修改光流相比：端点误差平均 %1 像素，最大 %2 像素；%3 % 的像素变化小于 1 像素</translation>
    </message>
    <message>
        <source>Reconstruction of the first window: %1 dB unmodified, %2 dB with the intervention (%3 dB)</source>
        <translation>第一个窗口的重建：未修改 %1 dB，干预后 %2 dB（%3 dB）</translation>
    </message>
    <message>
        <source>Audio: the reconstructed samples moved by %1 on average (of -1 … 1)</source>
        <translation>音频：重建的采样平均变化 %1（范围 -1 … 1）</translation>
    </message>
    <message>
        <source>Rank latents</source>
        <translation>排列潜变量</translation>
    </message>
    <message>
        <source>Export numbers</source>
        <translation>导出数值</translation>
    </message>
    <message>
        <source>%1 — %2 left</source>
        <translation>%1 — 还剩%2</translation>
    </message>
    <message>
        <source>about %1 s</source>
        <translation>约 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>约 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Flow views</source>
        <translation>光流视图</translation>
    </message>
    <message>
        <source>Read flow file</source>
        <translation>读取光流文件</translation>
    </message>
    <message>
        <source>Classify text</source>
        <translation>文本分类</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Write example images</source>
        <translation>写入示例图像</translation>
    </message>
</context>
<context>
    <name>studio::TaskPage</name>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Models that can run this task. Open the model manager to download or add more.</source>
        <translation>可运行此任务的模型。打开模型管理器以下载或添加更多模型。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the model on the input (Ctrl+Enter)</source>
        <translation>在输入上运行模型（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1 (not downloaded)</source>
        <translation>%1（未下载）</translation>
    </message>
    <message>
        <source>No model for this task: open the model manager</source>
        <translation>没有适用于此任务的模型：请打开模型管理器</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Nothing to export yet: run the model first.</source>
        <translation>尚无可导出内容：请先运行模型。</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>无法写入“%1”：%2。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo model&lt;/b&gt;: a small model Perceiver Studio trained itself to show the task, not a DeepMind checkpoint. &lt;a href="models"&gt;Get the real checkpoints…&lt;/a&gt;</source>
        <translation>&lt;b&gt;演示模型&lt;/b&gt;：Perceiver Studio 自行训练的小模型，用来展示该任务，并非 DeepMind 检查点。&lt;a href="models"&gt;获取真正的检查点…&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Stop the running job within a second (Esc)</source>
        <translation>在一秒内停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>its input</source>
        <translation>其输入</translation>
    </message>
    <message>
        <source>Result of %1 on %2.</source>
        <translation>%1 对 %2 的结果。</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the model and the input have changed since. Run again to update.</source>
        <translation>⚠ 已过时：此结果来自 %1 对 %2；模型和输入此后都已更改。请重新运行以更新。</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the model has changed since. Run again to update.</source>
        <translation>⚠ 已过时：此结果来自 %1 对 %2；模型此后已更改。请重新运行以更新。</translation>
    </message>
    <message>
        <source>⚠ Stale: this result is of %1 on %2; the input has changed since. Run again to update.</source>
        <translation>⚠ 已过时：此结果来自 %1 对 %2；输入此后已更改。请重新运行以更新。</translation>
    </message>
    <message>
        <source>top </source>
        <translation>前 </translation>
    </message>
</context>
<context>
    <name>studio::TextClassifyPage</name>
    <message>
        <source>multi-label</source>
        <translation>多标签</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>single-label</source>
        <translation>单标签</translation>
    </message>
    <message>
        <source>Type or paste a text to classify, or open a text file.</source>
        <translation>输入或粘贴要分类的文本，或打开一个文本文件。</translation>
    </message>
    <message>
        <source>&amp;Open text…</source>
        <translation>打开文本(&amp;O)…</translation>
    </message>
    <message>
        <source>Labels listed, best first</source>
        <translation>列出的标签，最佳的在前</translation>
    </message>
    <message>
        <source>threshold </source>
        <translation>阈值 </translation>
    </message>
    <message>
        <source>Multi-label models: the labels with a probability at or over this are predicted</source>
        <translation>多标签模型：概率不低于此值的标签被预测</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Open text</source>
        <translation>打开文本</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.csv *.tsv);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.csv *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open text</source>
        <translation>无法打开文本</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>“%1” is %2 MB; this page opens texts of up to 16 MB.</source>
        <translation>“%1”有 %2 MB；此页面只打开不超过 16 MB 的文本。</translation>
    </message>
    <message>
        <source>“%1” is not a text file (it holds NUL bytes).</source>
        <translation>“%1”不是文本文件（含有 NUL 字节）。</translation>
    </message>
    <message>
        <source>%1: %2 bytes</source>
        <translation>%1：%2 字节</translation>
    </message>
    <message>
        <source>Type a text to classify.</source>
        <translation>请输入要分类的文本。</translation>
    </message>
    <message>
        <source>%1 bytes: this model reads the first %2, so the last %3 will not count.</source>
        <translation>%1 字节：此模型只读取前 %2 个，最后 %3 个不计入。</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 (%2 bytes), top %3</source>
        <translation>%1（%2 字节），前 %3</translation>
    </message>
    <message>
        <source>No labels.</source>
        <translation>没有标签。</translation>
    </message>
    <message>
        <source>Regression: %1</source>
        <translation>回归：%1</translation>
    </message>
    <message>
        <source>Multi-label: no label reaches the threshold %1 (the highest: %2, %3 %).</source>
        <translation>多标签：没有标签达到阈值 %1（最高：%2，%3 %）。</translation>
    </message>
    <message>
        <source>Multi-label: %1 (a probability of at least %2)</source>
        <translation>多标签：%1（概率至少 %2）</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2 %）</translation>
    </message>
    <message>
        <source>Read the first %1 of %2 bytes; the rest was left out.</source>
        <translation>读取了 %2 字节中的前 %1 个；其余的被略去。</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
</context>
<context>
    <name>studio::TrainPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start fine-tuning the model on the data (Ctrl+Enter)</source>
        <translation>开始在数据上微调模型（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current step; the best evaluation so far stays kept (Esc)</source>
        <translation>在当前步之后停止；迄今最好的评估结果会保留（Esc）</translation>
    </message>
    <message>
        <source>Images: a folder with one sub-folder per class</source>
        <translation>图像：每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Texts: a CSV / TSV with a “text” and a “label” column</source>
        <translation>文本：含“text”和“label”列的 CSV / TSV</translation>
    </message>
    <message>
        <source>DIR/&lt;class&gt;/… or DIR/train/&lt;class&gt; + DIR/val/&lt;class&gt;</source>
        <translation>目录/&lt;类别&gt;/… 或 目录/train/&lt;类别&gt; + 目录/val/&lt;类别&gt;</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Example data</source>
        <translation>示例数据</translation>
    </message>
    <message>
        <source>Write a folder of four shapes the demo shapes model never saw (ring, diamond, bar, crescent) and use it</source>
        <translation>写入一个包含演示形状模型从未见过的四种形状（环、菱形、条、月牙）的文件夹并使用它</translation>
    </message>
    <message>
        <source>The share of each class held out for evaluation, when the data gives no split (train/ + val/)</source>
        <translation>数据未给出划分（train/ + val/）时，每个类别留出用于评估的比例</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>The head only, quick (encoder frozen)</source>
        <translation>只训练输出头，快速（冻结编码器）</translation>
    </message>
    <message>
        <source>The whole model (slower, learns more)</source>
        <translation>整个模型（较慢，学得更多）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Steps between held-out evaluations (and attention snapshots)</source>
        <translation>两次留出评估（及注意力快照）之间的步数</translation>
    </message>
    <message>
        <source>Freeze the encoder (train the decoder and head only)</source>
        <translation>冻结编码器（只训练解码器和输出头）</translation>
    </message>
    <message>
        <source>Augment images (crops, flips, brightness)</source>
        <translation>图像增强（裁剪、翻转、亮度）</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>数据(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Held out:</source>
        <translation>留出(&amp;H)：</translation>
    </message>
    <message>
        <source>Sa&amp;ve as:</source>
        <translation>另存为(&amp;V)：</translation>
    </message>
    <message>
        <source>Pr&amp;eset:</source>
        <translation>预设(&amp;E)：</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause between steps; press again to go on</source>
        <translation>在两步之间暂停；再按一次继续</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>恢复(&amp;U)</translation>
    </message>
    <message>
        <source>Continue a stopped run from its kept checkpoint</source>
        <translation>从保留的检查点继续已停止的训练</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>held-out loss</source>
        <translation>留出损失</translation>
    </message>
    <message>
        <source>held-out accuracy</source>
        <translation>留出准确率</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Held-out accuracy</source>
        <translation>留出准确率</translation>
    </message>
    <message>
        <source>What the run loaded, re-initialised and kept appears here.</source>
        <translation>此处显示本次训练加载、重新初始化和保留的内容。</translation>
    </message>
    <message>
        <source>Image folder (one sub-folder per class)</source>
        <translation>图像文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>Labelled texts</source>
        <translation>带标签的文本</translation>
    </message>
    <message>
        <source>CSV / TSV (*.csv *.tsv *.tab);;All files (*)</source>
        <translation>CSV / TSV (*.csv *.tsv *.tab);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the fine-tuned model as (a folder)</source>
        <translation>将微调后的模型另存为（文件夹）</translation>
    </message>
    <message>
        <source>&amp;Go on</source>
        <translation>继续(&amp;G)</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1，%2 步</translation>
    </message>
    <message>
        <source>Resuming from the checkpoint kept at step %1 (%2).</source>
        <translation>从第 %1 步保留的检查点恢复（%2）。</translation>
    </message>
    <message>
        <source>“%1” exists: the model goes to “%2”.</source>
        <translation>“%1”已存在：模型将保存到“%2”。</translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %2 held-out examples%3, %n label(s): %4</source>
        <translation><numerusform>%1 个训练样本和 %2 个留出样本%3，%n 个类别：%4</numerusform></translation>
    </message>
    <message>
        <source> (the data's own split)</source>
        <translation>（数据自带的划分）</translation>
    </message>
    <message>
        <source>Resumed at step %1 from %2.</source>
        <translation>从 %2 在第 %1 步恢复。</translation>
    </message>
    <message>
        <source>From %1: initialised anew (the labels differ): %2.</source>
        <translation>来自 %1：重新初始化（类别不同）：%2。</translation>
    </message>
    <message>
        <source>From %1: every weight loaded.</source>
        <translation>来自 %1：所有权重均已加载。</translation>
    </message>
    <message>
        <source>Not used from the start: %1.</source>
        <translation>起始模型中未使用：%1。</translation>
    </message>
    <message>
        <source>Training %1 of %2 M parameters.</source>
        <translation>训练 %2 M 个参数中的 %1 M 个。</translation>
    </message>
    <message>
        <source>step %1: held-out accuracy %2, loss %3</source>
        <translation>第 %1 步：留出准确率 %2，损失 %3</translation>
    </message>
    <message>
        <source> — kept</source>
        <translation> — 已保留</translation>
    </message>
    <message>
        <source>Class “%1”, step %2: the model gives it %3 %.</source>
        <translation>类别“%1”，第 %2 步：模型给出 %3 %。</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 步/秒</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <source>kept: step %1, accuracy %2</source>
        <translation>已保留：第 %1 步，准确率 %2</translation>
    </message>
    <message>
        <source>Done: %1 steps in %2; kept step %3 (held-out accuracy %4). Saved to %5; it is on the task pages now.</source>
        <translation>完成：%2 内 %1 步；保留第 %3 步（留出准确率 %4）。已保存到 %5；现在可在各任务页面使用。</translation>
    </message>
    <message>
        <source>Stopped. The checkpoint of step %1 is kept in %2: Resume continues from it.</source>
        <translation>已停止。第 %1 步的检查点保留在 %2：“恢复”会从这里继续。</translation>
    </message>
    <message>
        <source>pausing after this step…</source>
        <translation>将在此步之后暂停…</translation>
    </message>
    <message>
        <source>Start from a fresh small model instead (random weights, the demo models' size)</source>
        <translation>改为从一个新的小模型开始（随机权重，与演示模型同样大小）</translation>
    </message>
    <message>
        <source>Nothing loaded: a model as small as the demo models, initialised as Hugging Face initialises one</source>
        <translation>不加载任何权重：一个与演示模型同样小的模型，按 Hugging Face 的方式初始化</translation>
    </message>
    <message>
        <source>It appears at the first evaluation</source>
        <translation>在第一次评估时出现</translation>
    </message>
    <message>
        <source>What the class output reads of one held-out example</source>
        <translation>类别输出从一个留出样本中读取的内容</translation>
    </message>
    <message>
        <source>The classifier's query traced through the latents to the input (as the inspector's Trace does): it changes as the head learns, the encoder frozen or not</source>
        <translation>分类器的查询经由潜变量追溯到输入（与检查器的“追踪”相同）：随着输出头学习而变化，无论编码器是否冻结</translation>
    </message>
    <message>
        <source>The folder gives its split (train/ and val/): nothing else is held out</source>
        <translation>该文件夹自带划分（train/ 和 val/）：不再另外留出</translation>
    </message>
    <message>
        <source>Stopped before an evaluation past the start was kept: Start begins again.</source>
        <translation>在保留起点之后的任何评估之前已停止：“开始”将重新开始。</translation>
    </message>
</context>
</TS>