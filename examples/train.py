"""A small training script with the mistakes hybridlint is built to catch.

Run `make demo` to see the findings and the fixes.
"""

import tensorflow as tf

from metrics import record

tf.config.run_functions_eagerly(True)  # left on after a debugging session

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)


@tf.function(experimental_relax_shapes=True)
def train_step(x, y, scale):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(x) - y) ** 2) * scale
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    print("loss", loss)
    record(loss)
    return loss


@tf.function
def add_bias(x):
    bias = tf.Variable(tf.zeros([1]))
    return x + bias


def predict(x):
    return tf.function(model)(x)


def main():
    x = tf.random.normal([32, 4])
    y = tf.random.normal([32, 1])
    for epoch in range(10):
        train_step(x, y, epoch / 10)
        predict(x)
    print(add_bias(y))


if __name__ == "__main__":
    main()
