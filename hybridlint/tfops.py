"""What TensorFlow (and Keras) APIs return when the answer is not "one tensor": one table, read by the
tensor-ness analysis (hybridlint/tensors.py) and through it by every rule.

Each entry was checked against the API's documented return value on TensorFlow 2.21, tf-keras 2.18 and
Keras 3 (the "Returns:" section of its docstring; for `tf.raw_ops`, the outputs the op registers).
Names are given without the `tensorflow.` prefix; the `compat.v1.` spelling of a function is looked up
under its plain name (`plain_name`), and v1-only functions are listed with their `compat.v1.` prefix.
Keras names (`keras.`, `tf_keras.`, `tf.keras.`) arrive here as `keras.` (facts.normalize_qualname).
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Optional, Tuple

# What each item of a fixed-size tuple (or namedtuple) holds:
TENSOR_ITEM = "t"  # one tensor
NESTED_ITEM = "n"  # a tensor or a structure of tensors (the caller's structure)
LIST_ITEM = "l"  # a Python list of tensors
DICT_ITEM = "d"  # a dict of tensors
UNKNOWN_ITEM = "?"  # anything else (an op, a state tuple, a sparse tensor, None)

# `values, indices = tf.math.top_k(x)`: name → one code per item.
TUPLES: Dict[str, str] = {}
for _items, _names in (
    (
        "tt",
        "unique linalg.normalize linalg.qr qr linalg.slogdet linalg.lu linalg.eig eig linalg.eigh "
        "self_adjoint_eig linalg.eigh_tridiagonal math.top_k nn.top_k approx_top_k math.approx_max_k math.approx_min_k "
        "nn.approx_max_k nn.approx_min_k nn.moments nn.weighted_moments nn.normalize_moments "
        "nn.max_pool_with_argmax nn.ctc_unique_labels nn.collapse_repeated nn.isotonic_regression "
        "audio.decode_wav image.image_gradients image.generate_bounding_box_proposals "
        "image.non_max_suppression_padded image.non_max_suppression_with_scores "
        "strings.unicode_decode_with_offsets strings.unicode_split_with_offsets "
        "required_space_to_batch_paddings ragged_fill_empty_rows_grad keras.ops.eig keras.ops.eigh "
        "keras.ops.fft keras.ops.fft2 keras.ops.ifft2 keras.ops.rfft keras.ops.stft keras.ops.histogram "
        "keras.ops.lu_factor keras.ops.moments keras.ops.qr keras.ops.slogdet keras.ops.top_k "
        "keras.ops.ctc_decode",
    ),
    ("lt", "clip_by_global_norm nn.ctc_greedy_decoder nn.ctc_beam_search_decoder keras.backend.ctc_decode"),
    ("tl", "io.decode_proto"),
    ("?t", "sparse.fill_empty_rows"),
    ("l?", "compat.v1.nn.static_rnn compat.v1.nn.static_state_saving_rnn"),
    ("??", "compat.v1.nn.dynamic_rnn compat.v1.nn.bidirectional_dynamic_rnn"),
    ("nn", "keras.ops.scan"),
    ("dd", "io.parse_single_sequence_example"),
    (
        "ttt",
        "unique_with_counts linalg.svd svd nn.fractional_avg_pool nn.fractional_max_pool "
        "nn.compute_accidental_hits nn.all_candidate_sampler nn.fixed_unigram_candidate_sampler "
        "nn.learned_unigram_candidate_sampler nn.log_uniform_candidate_sampler nn.uniform_candidate_sampler "
        "random.all_candidate_sampler random.fixed_unigram_candidate_sampler "
        "random.learned_unigram_candidate_sampler random.log_uniform_candidate_sampler "
        "random.uniform_candidate_sampler image.sample_distorted_bounding_box "
        "image.stateless_sample_distorted_bounding_box quantization.quantize quantization.quantized_concat "
        "quantization.fake_quant_with_min_max_vars_gradient "
        "quantization.fake_quant_with_min_max_vars_per_channel_gradient sparse.sampled_addmm "
        "compat.v1.nn.fused_batch_norm keras.backend.normalize_batch_in_training keras.ops.svd",
    ),
    ("tt?", "keras.backend.rnn"),
    ("l??", "compat.v1.nn.static_bidirectional_rnn"),
    ("???", "compat.v1.nn.raw_rnn"),
    ("n??", "keras.utils.unpack_x_y_sample_weight keras.engine.data_adapter.unpack_x_y_sample_weight"),
    ("ddd", "io.parse_sequence_example"),
    ("tttt", "nn.sufficient_statistics image.combined_non_max_suppression ragged_fill_empty_rows"),
    ("ttttt", "linalg.experimental.conjugate_gradient"),
):
    for _name in _names.split():
        TUPLES[_name] = _items
# Every `tf.compat.v1.metrics` function returns `(value, update_op)`.
TUPLE_PREFIXES: Tuple[Tuple[str, str], ...] = (("compat.v1.metrics.", "t?"),)

# A Python list of tensors whose length depends on the arguments: `for part in tf.split(x, 3)`.
LISTS: FrozenSet[str] = frozenset(
    (
        "unstack split meshgrid dynamic_partition shape_n identity_n gradients hessians tuple io.decode_csv decode_csv "
        "sparse.split xla.experimental.compile compat.v1.get_collection compat.v1.get_collection_ref "
        "experimental.numpy.split experimental.numpy.hsplit experimental.numpy.vsplit experimental.numpy.dsplit "
        "experimental.numpy.meshgrid experimental.numpy.nonzero keras.ops.split keras.ops.array_split "
        "keras.ops.hsplit keras.ops.vsplit keras.ops.dsplit keras.ops.unstack keras.ops.meshgrid "
        "keras.ops.nonzero keras.ops.unravel_index"
    ).split()
)
# A Python list whose items are not known to be tensors.
PLAIN_LISTS: FrozenSet[str] = frozenset({"nest.flatten", "keras.backend.batch_get_value"})

# A tuple, or one tensor when an argument says so: name → (keyword, value giving one tensor, default).
CHOSEN_BY_ARGUMENT: Dict[str, Tuple[str, bool, bool]] = {
    "linalg.svd": ("compute_uv", False, True),
    "svd": ("compute_uv", False, True),
    "linalg.eigh_tridiagonal": ("eigvals_only", True, True),
}

# The caller's structure of tensors (whatever the branches, the loop body or the function return). Not
# `tf.nest.map_structure`/`pack_sequence_as`: their leaves are whatever the caller gives (specs, names).
STRUCTURES: FrozenSet[str] = frozenset(
    (
        "cond case switch_case while_loop map_fn scan foldl foldr vectorized_map py_function numpy_function "
        "compat.v1.py_func compat.v1.while_loop compat.v1.cond io.parse_example io.parse_single_example "
        "keras.ops.cond keras.ops.while_loop keras.ops.fori_loop "
        "keras.ops.map keras.ops.switch keras.ops.associative_scan keras.ops.vectorized_map"
    ).split()
)
# Results in the structure of one argument: `tf.while_loop(c, b, [i, x])` returns a list of two (v1's
# `while_loop` unwraps a one-item list, so it is left to STRUCTURES).
STRUCTURE_OF_ARGUMENT: Dict[str, Tuple[int, str]] = {
    "while_loop": (2, "loop_vars"),
    "keras.ops.while_loop": (2, "loop_vars"),
    "py_function": (2, "Tout"),
    "numpy_function": (2, "Tout"),
    "compat.v1.py_func": (2, "Tout"),
}

# `tf.raw_ops.<Op>`: ops with several outputs (or a list output) return a namedtuple or list; ops with
# none return an Operation; the rest return one tensor.
RAW_OPS_MULTI: FrozenSet[str] = frozenset(
    (
    "AllCandidateSampler AnonymousIteratorV2 AnonymousMemoryCache AnonymousMultiDeviceIterator "
    "AnonymousRandomSeedGenerator AnonymousSeedGenerator ApproxTopK BarrierTakeMany Batch BatchFunction "
    "BatchNormWithGlobalNormalizationGrad BatchSelfAdjointEigV2 BatchSvd BlockLSTM BlockLSTMGrad "
    "BlockLSTMGradV2 BlockLSTMV2 BoostedTreesBucketize BoostedTreesCalculateBestFeatureSplit "
    "BoostedTreesCalculateBestFeatureSplitV2 BoostedTreesCalculateBestGainsPerFeature "
    "BoostedTreesFlushQuantileSummaries BoostedTreesGetEnsembleStates BoostedTreesMakeQuantileSummaries "
    "BoostedTreesQuantileStreamResourceGetBucketBoundaries BoostedTreesSerializeEnsemble "
    "BoostedTreesSparseAggregateStats BoostedTreesSparseCalculateBestFeatureSplit BoostedTreesTrainingPredict "
    "BroadcastGradientArgs CSRSparseMatrixComponents CSRSparseMatrixToSparseTensor CTCBeamSearchDecoder "
    "CTCGreedyDecoder CTCLoss CTCLossV2 Case CollectiveAssignGroupV2 CombinedNonMaxSuppression "
    "CompositeTensorVariantToComponents ComputeAccidentalHits ConcatOffset ConvertToCooTensor "
    "ConvertToListOfSparseCoreCooTensors ConvertToSparseCoreCsrWrappedCooTensor CudnnRNN CudnnRNNBackprop "
    "CudnnRNNBackpropV2 CudnnRNNBackpropV3 CudnnRNNParamsToCanonical CudnnRNNParamsToCanonicalV2 CudnnRNNV2 "
    "CudnnRNNV3 DatasetToSingleElement DecodeCSV DecodeProtoV2 DecodeWav DenseCountSparseOutput "
    "DenseToDenseSetOperation DenseToSparseSetOperation DeserializeManySparse DeserializeSparse "
    "DynamicPartition EagerPyFunc Eig FakeQuantWithMinMaxVarsGradient "
    "FakeQuantWithMinMaxVarsPerChannelGradient FixedUnigramCandidateSampler For FractionalAvgPool "
    "FractionalMaxPool FusedBatchNorm FusedBatchNormGrad FusedBatchNormGradV2 FusedBatchNormGradV3 "
    "FusedBatchNormV2 FusedBatchNormV3 GRUBlockCell GRUBlockCellGrad GenerateBoundingBoxProposals "
    "GenerateVocabRemapping GetElementAtIndex GetMinibatchSplitsWithPhysicalReplica "
    "GetMinibatchesInCsrWithPhysicalReplica GetStatsFromListOfSparseCoreCooTensors IdentityN If "
    "InfeedDequeueTuple IsotonicRegression IteratorGetNext IteratorGetNextSync LSTMBlockCell "
    "LSTMBlockCellGrad LearnedUnigramCandidateSampler ListDiff LogMatrixDeterminant "
    "LogUniformCandidateSampler LookupTableExport LookupTableExportV2 Lu MapDefun MapPeek MapUnstage "
    "MapUnstageNoKey MaxPoolWithArgmax Merge MultiDeviceIteratorGetNextFromShard NearestNeighbors "
    "NonMaxSuppressionV4 NonMaxSuppressionV5 OptionalGetValue OrderedMapPeek OrderedMapUnstage "
    "OrderedMapUnstageNoKey OutfeedDequeueTuple OutfeedDequeueTupleV2 ParseExample ParseExampleV2 "
    "ParseSequenceExample ParseSequenceExampleV2 ParseSingleExample ParseSingleSequenceExample "
    "PartitionedCall PyFunc PyFuncStateless Qr QuantizeAndDequantizeV4Grad QuantizeDownAndShrinkRange "
    "QuantizeV2 QuantizedAdd QuantizedAvgPool QuantizedBatchNormWithGlobalNormalization QuantizedBiasAdd "
    "QuantizedConcat QuantizedConv2D QuantizedConv2DAndRelu QuantizedConv2DAndReluAndRequantize "
    "QuantizedConv2DAndRequantize QuantizedConv2DPerChannel QuantizedConv2DWithBias "
    "QuantizedConv2DWithBiasAndRelu QuantizedConv2DWithBiasAndReluAndRequantize "
    "QuantizedConv2DWithBiasAndRequantize QuantizedConv2DWithBiasSignedSumAndReluAndRequantize "
    "QuantizedConv2DWithBiasSumAndRelu QuantizedConv2DWithBiasSumAndReluAndRequantize "
    "QuantizedDepthwiseConv2D QuantizedDepthwiseConv2DWithBias QuantizedDepthwiseConv2DWithBiasAndRelu "
    "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize QuantizedInstanceNorm QuantizedMatMul "
    "QuantizedMatMulWithBias QuantizedMatMulWithBiasAndRelu QuantizedMatMulWithBiasAndReluAndRequantize "
    "QuantizedMatMulWithBiasAndRequantize QuantizedMaxPool QuantizedMul QuantizedRelu QuantizedRelu6 "
    "QuantizedReluX QuantizedReshape QuantizedResizeBilinear QueueDequeue QueueDequeueMany QueueDequeueManyV2 "
    "QueueDequeueUpTo QueueDequeueUpToV2 QueueDequeueV2 RaggedCountSparseOutput RaggedCross "
    "RaggedFillEmptyRows RaggedFillEmptyRowsGrad RaggedGather RaggedRange RaggedTensorFromVariant "
    "RaggedTensorToSparse ReadVariableXlaSplitND ReaderRead ReaderReadUpTo ReaderReadUpToV2 ReaderReadV2 "
    "RecvTPUEmbeddingActivations ReduceDataset RefMerge RefSwitch RemoteCall RequantizationRange "
    "RequantizationRangePerChannel Requantize RequantizePerChannel RestoreV2 "
    "RetrieveTPUEmbeddingADAMParameters RetrieveTPUEmbeddingAdadeltaParameters "
    "RetrieveTPUEmbeddingAdagradMomentumParameters RetrieveTPUEmbeddingAdagradParameters "
    "RetrieveTPUEmbeddingCenteredRMSPropParameters RetrieveTPUEmbeddingFTRLParameters "
    "RetrieveTPUEmbeddingFrequencyEstimatorParameters RetrieveTPUEmbeddingMDLAdagradLightParameters "
    "RetrieveTPUEmbeddingMomentumParameters RetrieveTPUEmbeddingProximalAdagradParameters "
    "RetrieveTPUEmbeddingProximalYogiParameters RetrieveTPUEmbeddingRMSPropParameters "
    "SampleDistortedBoundingBox SampleDistortedBoundingBoxV2 SdcaOptimizer SdcaOptimizerV2 SelfAdjointEigV2 "
    "ShapeN SoftmaxCrossEntropyWithLogits SortListOfSparseCoreCooTensors SparseAccumulatorTakeGradient "
    "SparseAdd SparseAddGrad SparseConcat SparseCountSparseOutput SparseCross SparseCrossHashed SparseCrossV2 "
    "SparseFillEmptyRows SparseFillEmptyRowsGrad SparseReduceMaxSparse SparseReduceSumSparse SparseReorder "
    "SparseReshape SparseSegmentMeanGradV2 SparseSegmentSqrtNGradV2 SparseSegmentSumGradV2 SparseSlice "
    "SparseSoftmaxCrossEntropyWithLogits SparseSparseMaximum SparseSparseMinimum SparseSplit "
    "SparseToSparseSetOperation Split SplitV StagePeek StatefulPartitionedCall StatelessCase StatelessIf "
    "StatelessRandomGetKeyCounter StatelessRandomGetKeyCounterAlg StatelessSampleDistortedBoundingBox "
    "StatelessWhile StringNGrams StringSplit StringSplitV2 Svd Switch SymbolicGradient "
    "TPUAnnotateTensorsWithDynamicShape TPUCopyWithDynamicShape TPUPartitionedCall TPUPartitionedOutput "
    "TPUPartitionedOutputV2 TPUReplicatedOutput TakeManySparseFromTensorsMap TensorArrayConcat "
    "TensorArrayConcatV2 TensorArrayConcatV3 TensorArrayGradV3 TensorArrayGradWithShape TensorArrayV3 "
    "TensorListConcat TensorListConcatV2 TensorListPopBack ThreadUnsafeUnigramCandidateSampler TopK TopKV2 "
    "UncompressElement UnicodeDecode UnicodeDecodeWithOffsets UniformCandidateSampler Unique UniqueV2 "
    "UniqueWithCounts UniqueWithCountsV2 Unpack Unstage While XlaSparseCoreAdagrad "
    "XlaSparseCoreAdagradMomentum XlaSparseCoreAdam XlaSparseCoreFtrl XlaSparseDenseMatmul "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradAndCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradMomentumAndCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdamAndCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithFtrlAndCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithSgdAndCsrInput "
    "XlaSparseDenseMatmulCustomCombinerOnTcWithCsrInput XlaSparseDenseMatmulGradWithAdagradAndCsrInput "
    "XlaSparseDenseMatmulGradWithAdagradAndStaticBufferSize "
    "XlaSparseDenseMatmulGradWithAdagradMomentumAndCsrInput "
    "XlaSparseDenseMatmulGradWithAdagradMomentumAndStaticBufferSize "
    "XlaSparseDenseMatmulGradWithAdamAndCsrInput XlaSparseDenseMatmulGradWithAdamAndStaticBufferSize "
    "XlaSparseDenseMatmulGradWithCsrInput XlaSparseDenseMatmulGradWithFtrlAndCsrInput "
    "XlaSparseDenseMatmulGradWithFtrlAndStaticBufferSize XlaSplitND "
    ).split()
)
RAW_OPS_NO_OUTPUT: FrozenSet[str] = frozenset(
    (
    "Abort AccumulatorApplyGradient AccumulatorSetGlobalStep Assert AssignAddVariableOp AssignSubVariableOp "
    "AssignVariableOp AssignVariableXlaConcatND BarrierClose BarrierInsertMany BoostedTreesCreateEnsemble "
    "BoostedTreesCreateQuantileStreamResource BoostedTreesDeserializeEnsemble "
    "BoostedTreesQuantileStreamResourceAddSummaries BoostedTreesQuantileStreamResourceDeserialize "
    "BoostedTreesQuantileStreamResourceFlush BoostedTreesUpdateEnsemble BoostedTreesUpdateEnsembleV2 "
    "CloseSummaryWriter ConfigureTPUEmbedding ConsumeMutexLock ControlTrigger CreateSummaryDbWriter "
    "CreateSummaryFileWriter DatasetToTFRecord DeleteIterator DeleteMemoryCache DeleteMultiDeviceIterator "
    "DeleteRandomSeedGenerator DeleteSeedGenerator DeleteSessionTensor DeserializeIterator DestroyResourceOp "
    "DisableCopyOnRead DistributedSave DynamicEnqueueTPUEmbeddingArbitraryTensorBatch "
    "DynamicEnqueueTPUEmbeddingRaggedTensorBatch EnqueueTPUEmbeddingArbitraryTensorBatch "
    "EnqueueTPUEmbeddingIntegerBatch EnqueueTPUEmbeddingRaggedTensorBatch EnqueueTPUEmbeddingSparseBatch "
    "EnqueueTPUEmbeddingSparseTensorBatch ExperimentalDatasetToTFRecord FileSystemSetConfiguration "
    "FlushSummaryWriter ImportEvent InfeedEnqueue InfeedEnqueuePrelinearizedBuffer InfeedEnqueueTuple "
    "InitializeTable InitializeTableFromDataset InitializeTableFromTextFile InitializeTableFromTextFileV2 "
    "InitializeTableV2 LoadTPUEmbeddingADAMParameters LoadTPUEmbeddingAdadeltaParameters "
    "LoadTPUEmbeddingAdagradMomentumParameters LoadTPUEmbeddingAdagradParameters "
    "LoadTPUEmbeddingCenteredRMSPropParameters LoadTPUEmbeddingFTRLParameters "
    "LoadTPUEmbeddingFrequencyEstimatorParameters LoadTPUEmbeddingMDLAdagradLightParameters "
    "LoadTPUEmbeddingMomentumParameters LoadTPUEmbeddingProximalAdagradParameters "
    "LoadTPUEmbeddingProximalYogiParameters LoadTPUEmbeddingRMSPropParameters "
    "LoadTPUEmbeddingStochasticGradientDescentParameters LookupTableImport LookupTableImportV2 "
    "LookupTableInsert LookupTableInsertV2 LookupTableRemoveV2 MakeIterator MapClear MapStage "
    "MergeV2Checkpoints NoOp OrderedMapClear OrderedMapStage OutfeedEnqueue OutfeedEnqueueTuple PrintV2 "
    "QueueClose QueueCloseV2 QueueEnqueue QueueEnqueueMany QueueEnqueueManyV2 QueueEnqueueV2 ReaderReset "
    "ReaderResetV2 ReaderRestoreState ReaderRestoreStateV2 ResourceAccumulatorApplyGradient "
    "ResourceAccumulatorSetGlobalStep ResourceApplyAdaMax ResourceApplyAdadelta ResourceApplyAdagrad "
    "ResourceApplyAdagradDA ResourceApplyAdagradV2 ResourceApplyAdam ResourceApplyAdamWithAmsgrad "
    "ResourceApplyAddSign ResourceApplyCenteredRMSProp ResourceApplyFtrl ResourceApplyFtrlV2 "
    "ResourceApplyGradientDescent ResourceApplyKerasMomentum ResourceApplyMomentum ResourceApplyPowerSign "
    "ResourceApplyProximalAdagrad ResourceApplyProximalGradientDescent ResourceApplyRMSProp "
    "ResourceScatterAdd ResourceScatterDiv ResourceScatterMax ResourceScatterMin ResourceScatterMul "
    "ResourceScatterNdAdd ResourceScatterNdMax ResourceScatterNdMin ResourceScatterNdSub "
    "ResourceScatterNdUpdate ResourceScatterSub ResourceScatterUpdate ResourceSparseApplyAdadelta "
    "ResourceSparseApplyAdagrad ResourceSparseApplyAdagradDA ResourceSparseApplyAdagradV2 "
    "ResourceSparseApplyCenteredRMSProp ResourceSparseApplyFtrl ResourceSparseApplyFtrlV2 "
    "ResourceSparseApplyKerasMomentum ResourceSparseApplyMomentum ResourceSparseApplyProximalAdagrad "
    "ResourceSparseApplyProximalGradientDescent ResourceSparseApplyRMSProp ResourceStridedSliceAssign RngSkip "
    "Save SaveDataset SaveSlices SaveV2 SdcaShrinkL1 Send SendTPUEmbeddingGradients ShutdownDistributedTPU "
    "SparseAccumulatorApplyGradient StackClose StackCloseV2 Stage StageClear StatsAggregatorSetSummaryWriter "
    "StoreMinibatchStatisticsInFdo SyncDevice TPUReplicateMetadata TensorArrayClose TensorArrayCloseV2 "
    "TensorArrayCloseV3 WriteAudioSummary WriteFile WriteGraphSummary WriteHistogramSummary WriteImageSummary "
    "WriteRawProtoSummary WriteScalarSummary WriteSummary "
    ).split()
)


# Where Keras and TensorFlow define what their public names export: `tf_keras.src.backend.rnn` is
# `tf.keras.backend.rnn`, `tensorflow.python.ops.array_ops.split` is `tf.split`.
_KERAS_SOURCES = ("tensorflow.keras.src.",)
_TF_OP_MODULES = "tensorflow.python.ops."
_BY_LAST_NAME: Dict[str, str] = {}
for _name in list(TUPLES) + sorted(LISTS) + sorted(STRUCTURES):
    if not _name.startswith(("keras.", "compat.", "experimental.", "raw_ops.")):
        _BY_LAST_NAME.setdefault(_name.rsplit(".", 1)[-1], _name)


def public_name(qualname: str) -> str:
    """The public name of a function reached through a library's source modules, where the table knows
    it: `tensorflow.keras.src.backend.rnn` → `tensorflow.keras.backend.rnn`,
    `tensorflow.python.ops.array_ops.split` → `tensorflow.split`; other names unchanged."""
    for prefix in _KERAS_SOURCES:
        if qualname.startswith(prefix):
            return "tensorflow.keras." + qualname[len(prefix) :]
    if qualname.startswith(_TF_OP_MODULES):
        found = _BY_LAST_NAME.get(qualname.rsplit(".", 1)[-1])
        if found is not None:
            return "tensorflow." + found
    return qualname


def plain_name(qualname: str) -> str:
    """`tensorflow.compat.v1.nn.moments` → `nn.moments`; a v1-only name keeps its `compat.v1.`, and
    TensorFlow 1 code's spelling of one gets it (`tf.nn.dynamic_rnn` → `compat.v1.nn.dynamic_rnn`)."""
    name = qualname[len("tensorflow.") :] if qualname.startswith("tensorflow.") else qualname
    if name.startswith("compat.v1."):
        if name not in TUPLES and name not in LISTS and name not in STRUCTURES:
            if not name.startswith(tuple(p for p, _ in TUPLE_PREFIXES)):
                return name[len("compat.v1.") :]
    elif name not in TUPLES and name not in LISTS and name not in STRUCTURES:
        v1 = "compat.v1." + name
        if v1 in TUPLES or v1 in LISTS or v1 in STRUCTURES:
            return v1
    return name


def argument(call: Optional[ast.Call], position: int, keyword: str) -> Optional[ast.expr]:
    """The argument a call passes for a parameter, by keyword or position (None: not passed, or unknown)."""
    if call is None:
        return None
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def tuple_items(name: str, call: Optional[ast.Call]) -> Optional[str]:
    """The item codes of the tuple this call returns; None when it does not return a fixed-size tuple,
    or its arguments decide and cannot be read."""
    items = TUPLES.get(name)
    if items is None:
        for prefix, found in TUPLE_PREFIXES:
            if name.startswith(prefix):
                return found
        return None
    chosen = CHOSEN_BY_ARGUMENT.get(name)
    if chosen is not None:
        keyword, single_when, default = chosen
        value = argument(call, 99, keyword)
        setting = default if value is None else value.value if isinstance(value, ast.Constant) else None
        if setting is None or setting == single_when:
            return None
    return items


def single_by_argument(name: str, call: Optional[ast.Call]) -> bool:
    """`tf.linalg.svd(x, compute_uv=False)`, `tf.linalg.eigh_tridiagonal(a, b)`: one tensor."""
    chosen = CHOSEN_BY_ARGUMENT.get(name)
    if chosen is None:
        return False
    keyword, single_when, default = chosen
    value = argument(call, 99, keyword)
    if value is None:
        return default == single_when
    return isinstance(value, ast.Constant) and value.value is single_when
