"""A training step with two tf.function mistakes: the editor end-to-end tests fix them."""

import tensorflow as tf


@tf.function(experimental_relax_shapes=True)
def train_step(x):
    pérdida = tf.reduce_sum(x * 2.0)
    print("pérdida", pérdida)
    return pérdida
