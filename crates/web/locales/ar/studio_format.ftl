# Sizes and measures in sentences; assigning the same work twice (issue 19).

fmt-upload-hint = حتى { $size }. يُستأنف الرفع من حيث توقف إذا انقطع الاتصال.
fmt-master-export = تحضير نسخة البث ({ $loudness })
fmt-download-size = تنزيل الفيديو ({ $size })

class-done-already-assigned = هذا العمل مسند من قبل لهؤلاء التلاميذ ولم ينته أجله بعد. انتظر تاريخ التسليم، أو اختر تلاميذ آخرين.
err-already-assigned = مسند من قبل لهذا القسم: انتظر تاريخ التسليم قبل إسناده مرة أخرى.
