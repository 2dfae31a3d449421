"""The same training loop written the way hybridlint recommends: nothing here is flagged."""

import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)
bias = tf.Variable(tf.zeros([1]))


@tf.function(reduce_retracing=True)
def train_step(x, y, scale):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(x) - y) ** 2) * scale
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    tf.print("loss", loss)
    return loss


@tf.function
def add_bias(x):
    return x + bias


predict = tf.function(model)


def main(debug_eager=False):
    if debug_eager:
        tf.config.run_functions_eagerly(True)
    x = tf.random.normal([32, 4])
    y = tf.random.normal([32, 1])
    for epoch in range(10):
        train_step(x, y, tf.constant(epoch / 10))
        predict(x)
    print(add_bias(y))


if __name__ == "__main__":
    main()
